using System.Text;
using QRCoder;

namespace FlowAdmin.Web.Components.Account;

/// <summary>What an authenticator app needs: the shared key (grouped for typing) and an otpauth URI (also as a QR code).</summary>
public static class AuthenticatorSetup
{
    public const string Issuer = "FlowAdmin";

    /// <summary>The key in groups of four, lower case: apps ignore spaces and case.</summary>
    public static string FormatKey(string key)
    {
        var result = new StringBuilder();
        for (var i = 0; i < key.Length; i += 4)
        {
            if (i > 0) result.Append(' ');
            result.Append(key.AsSpan(i, Math.Min(4, key.Length - i)));
        }
        return result.ToString().ToLowerInvariant();
    }

    /// <summary>The Key URI Format understood by Google/Microsoft Authenticator (TOTP, SHA1, 6 digits, 30 s).</summary>
    public static string Uri(string email, string key) =>
        $"otpauth://totp/{System.Uri.EscapeDataString(Issuer)}:{System.Uri.EscapeDataString(email)}?secret={key}&issuer={System.Uri.EscapeDataString(Issuer)}&digits=6";

    /// <summary>The URI as a PNG data URL, drawn on the server (no script, nothing downloaded).</summary>
    public static string QrCodeDataUrl(string uri) =>
        "data:image/png;base64," + Convert.ToBase64String(PngByteQRCodeHelper.GetQRCode(uri, QRCodeGenerator.ECCLevel.Q, 5, true));
}
