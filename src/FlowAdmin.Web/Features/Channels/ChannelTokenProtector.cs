using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;

namespace FlowAdmin.Web.Features.Channels;

/// <summary>Encrypts a channel's Cloud API access token at rest (ASP.NET Core Data Protection, keys in the database).</summary>
public sealed class ChannelTokenProtector(IDataProtectionProvider provider)
{
    public const string Purpose = "FlowAdmin.Channel.CloudApiToken";

    private readonly IDataProtector _protector = provider.CreateProtector(Purpose);

    public string Protect(string token) => _protector.Protect(token);

    /// <summary>The clear token, for the transport that calls the Cloud API. Never log it.</summary>
    public string Unprotect(string protectedToken) => _protector.Unprotect(protectedToken);

    /// <summary>What a screen may show: a fixed run of dots and the last four characters.</summary>
    public string? Mask(string? protectedToken)
    {
        if (string.IsNullOrEmpty(protectedToken)) return null;
        try
        {
            var token = Unprotect(protectedToken);
            return "••••••••" + (token.Length > 8 ? token[^4..] : "");
        }
        catch (CryptographicException)
        {
            // The key ring lost the key: the token exists but cannot be read; it has to be entered again.
            return "••••••••";
        }
    }
}
