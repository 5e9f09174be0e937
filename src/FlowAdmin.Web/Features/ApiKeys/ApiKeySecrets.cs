using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace FlowAdmin.Web.Features.ApiKeys;

/// <summary>
/// Management API keys: "fak_" and 32 random bytes (256 bits) as base64url. The prefix lets secret scanners and
/// people recognise a FlowAdmin key; only the SHA-256 is stored, compared in constant time.
/// </summary>
public static class ApiKeySecrets
{
    public const string Prefix = "fak_";
    private const int Length = 4 + 43;

    public static string NewKey() => Prefix + Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));

    public static byte[] Hash(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));

    public static bool Matches(string key, byte[] storedHash) => CryptographicOperations.FixedTimeEquals(Hash(key), storedHash);

    /// <summary>Anything that is not shaped like a key is refused without a database read.</summary>
    public static bool LooksLikeKey(string? key) =>
        key is { Length: Length } && key.StartsWith(Prefix, StringComparison.Ordinal)
        && key.AsSpan(Prefix.Length).ContainsAnyExcept(Base64UrlAlphabet) is false;

    /// <summary>What the list shows of a key: enough to tell keys apart, far too little to guess one.</summary>
    public static string Display(string key) => key[..(Prefix.Length + 6)];

    private static readonly System.Buffers.SearchValues<char> Base64UrlAlphabet =
        System.Buffers.SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_");
}
