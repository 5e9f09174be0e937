using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace FlowAdmin.Web.Components.Shared;

/// <summary>One piece of highlighted JSON: its text and its kind (key, string, number, literal, or null for punctuation/space).</summary>
public sealed record JsonToken(string Text, string? Kind);

/// <summary>
/// Pretty-printing and highlighting of JSON for every screen that shows it (log details, the webhooks' "?"
/// examples). Tokens are rendered as text by <see cref="JsonCode"/>, never as markup.
/// </summary>
public static partial class JsonHighlight
{
    public static readonly JsonSerializerOptions Indented = new()
    {
        WriteIndented = true,
        // Accents as themselves ("Você"), as a reader expects; the JSON means the same as the escaped form.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>Indented JSON; text that is not JSON comes back as it is.</summary>
    public static string Pretty(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return "";
        try
        {
            return JsonNode.Parse(text)?.ToJsonString(Indented) ?? text;
        }
        catch (JsonException)
        {
            return text;
        }
    }

    public static IReadOnlyList<JsonToken> Tokens(string json)
    {
        var tokens = new List<JsonToken>();
        var at = 0;
        foreach (Match m in Token().Matches(json))
        {
            if (m.Index > at) tokens.Add(new JsonToken(json[at..m.Index], null));
            var kind = m.Groups["key"].Success ? "key"
                : m.Groups["string"].Success ? "string"
                : m.Groups["number"].Success ? "number"
                : "literal";
            tokens.Add(new JsonToken(m.Value, kind));
            at = m.Index + m.Length;
        }
        if (at < json.Length) tokens.Add(new JsonToken(json[at..], null));
        return tokens;
    }

    // A string followed by a colon is a key; otherwise a value.
    [GeneratedRegex("""(?<key>"(?:\\.|[^"\\])*")(?=\s*:)|(?<string>"(?:\\.|[^"\\])*")|(?<number>-?\b\d+(?:\.\d+)?(?:[eE][+-]?\d+)?\b)|(?<literal>\btrue\b|\bfalse\b|\bnull\b)""")]
    private static partial Regex Token();
}
