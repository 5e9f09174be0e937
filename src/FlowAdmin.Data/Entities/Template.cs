using System.Text.RegularExpressions;

namespace FlowAdmin.Data.Entities;

/// <summary>An approved WABA template ("hsmId"); a push names it by <see cref="Id"/> as <c>templateId</c>.</summary>
public sealed partial class Template : ITenantOwned
{
    public int Id { get; set; }
    public int TenantId { get; set; }
    public int ChannelId { get; set; }
    public Channel? Channel { get; set; }
    public required string Name { get; set; }
    public string Language { get; set; } = "pt_BR";
    /// <summary>MARKETING, UTILITY or AUTHENTICATION.</summary>
    public string Category { get; set; } = "UTILITY";
    /// <summary>Body text with {{1}}, {{2}}... placeholders.</summary>
    public string Body { get; set; } = "";
    /// <summary>Derived from <see cref="Body"/>: the highest {{n}} used.</summary>
    public int VariableCount { get; set; }
    public bool IsActive { get; set; } = true;
    public DateTime CreatedAt { get; set; } = DateTime.UtcNow;
    public DateTime UpdatedAt { get; set; } = DateTime.UtcNow;

    public static int CountVariables(string body) =>
        VariablePattern().Matches(body).Select(m => int.Parse(m.Groups[1].Value)).DefaultIfEmpty(0).Max();

    /// <summary>The distinct variable numbers the body uses, ascending ({{2}} {{1}} {{2}} gives 1, 2).</summary>
    public static IReadOnlyList<int> VariableNumbers(string body) =>
        VariablePattern().Matches(body).Select(m => int.Parse(m.Groups[1].Value)).Distinct().Order().ToList();

    /// <summary>Fills {{n}} with params[n-1].</summary>
    public static string Render(string body, IReadOnlyList<string> parameters) =>
        VariablePattern().Replace(body, m =>
        {
            var index = int.Parse(m.Groups[1].Value) - 1;
            return index < parameters.Count ? parameters[index] : m.Value;
        });

    [GeneratedRegex(@"\{\{\s*(\d{1,3})\s*\}\}")]
    private static partial Regex VariablePattern();
}
