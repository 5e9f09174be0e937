using System.Net;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Components;

namespace FlowAdmin.Web.Features.Logs;

/// <summary>Pretty-prints and highlights JSON for the detail dialog; text that is not JSON is shown as it is.</summary>
public static partial class JsonText
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

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

    /// <summary>HTML with spans per token kind (keys, strings, numbers, literals); everything else HTML-encoded.</summary>
    public static MarkupString Highlight(string pretty)
    {
        var html = new StringBuilder(pretty.Length * 2);
        var last = 0;
        foreach (Match m in Token().Matches(pretty))
        {
            html.Append(WebUtility.HtmlEncode(pretty[last..m.Index]));
            var kind = m.Groups["string"].Success ? (m.Groups["colon"].Success ? "key" : "string")
                : m.Groups["literal"].Success ? "literal" : "number";
            var token = m.Groups["string"].Success ? m.Groups["string"].Value : m.Value;
            html.Append("<span class=\"fa-json-").Append(kind).Append("\">").Append(WebUtility.HtmlEncode(token)).Append("</span>");
            if (m.Groups["colon"].Success) html.Append(WebUtility.HtmlEncode(m.Groups["colon"].Value));
            last = m.Index + m.Length;
        }
        html.Append(WebUtility.HtmlEncode(pretty[last..]));
        return new MarkupString(html.ToString());
    }

    [GeneratedRegex("""(?<string>"(?:\\.|[^"\\])*")(?<colon>\s*:)?|\b(?<literal>true|false|null)\b|-?\b\d+(?:\.\d+)?(?:[eE][+-]?\d+)?\b""")]
    private static partial Regex Token();
}
