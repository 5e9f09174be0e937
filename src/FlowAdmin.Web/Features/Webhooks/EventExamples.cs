using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.RegularExpressions;
using FlowAdmin.Web.Features.Events;

namespace FlowAdmin.Web.Features.Webhooks;

/// <summary>One piece of highlighted JSON: its text and its kind (key, string, number, literal, or punctuation/space).</summary>
public sealed record JsonToken(string Text, string? Kind);

/// <summary>
/// The "?" example of an event: <see cref="EventPayloads.Example"/> (the builder real deliveries use, on sample
/// data) pretty-printed, and split into tokens the dialog colours. Tokens are rendered as text, never as markup.
/// </summary>
public static partial class EventExamples
{
    private static readonly JsonSerializerOptions Pretty = new()
    {
        WriteIndented = true,
        // Accents as themselves ("Você"), as a reader expects; the JSON means the same as the escaped form.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static string Json(string eventName) => EventPayloads.Example(eventName).ToJsonString(Pretty);

    public static IReadOnlyList<JsonToken> Highlight(string json)
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
    [GeneratedRegex("""(?<key>"(?:\\.|[^"\\])*")(?=\s*:)|(?<string>"(?:\\.|[^"\\])*")|(?<number>-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)|(?<literal>\btrue\b|\bfalse\b|\bnull\b)""")]
    private static partial Regex Token();
}
