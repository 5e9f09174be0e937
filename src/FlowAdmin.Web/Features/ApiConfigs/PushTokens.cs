using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.DataProtection;

namespace FlowAdmin.Web.Features.ApiConfigs;

/// <summary>
/// Push tokens: 32 random bytes (256 bits) as base64url. The database keeps their SHA-256 (to find the
/// config) and the clear token encrypted with Data Protection (only to show the URL again).
/// </summary>
public sealed class PushTokens(IDataProtectionProvider dataProtection)
{
    private readonly IDataProtector _protector = dataProtection.CreateProtector("FlowAdmin.ApiConfigs.PushToken");

    public static string NewToken() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));

    public static byte[] Hash(string token) => SHA256.HashData(Encoding.UTF8.GetBytes(token));

    /// <summary>Constant-time comparison, so timing cannot reveal how much of a guessed token matched.</summary>
    public static bool Matches(string token, byte[] storedHash) =>
        CryptographicOperations.FixedTimeEquals(Hash(token), storedHash);

    /// <summary>A syntactically possible token (43 base64url characters); anything else is not looked up.</summary>
    public static bool LooksLikeToken(string? token) =>
        token is { Length: 43 } && token.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    public string Protect(string token) => _protector.Protect(token);

    public string Unprotect(string protectedToken) => _protector.Unprotect(protectedToken);
}
