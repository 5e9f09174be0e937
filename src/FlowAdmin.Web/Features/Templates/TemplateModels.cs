namespace FlowAdmin.Web.Features.Templates;

/// <summary>A WABA template as the list shows it; <see cref="Id"/> is what a push sends as <c>templateId</c>.</summary>
public sealed record TemplateRow(
    int Id, string Name, string Language, string Category, int VariableCount, int ChannelId, string ChannelName, bool IsActive);

/// <summary>What a create or edit sends. The variable count is not an input: it is derived from <see cref="Body"/>.</summary>
public sealed record TemplateInput
{
    public int Id { get; set; }
    public int? ChannelId { get; set; }
    public string Name { get; set; } = "";
    public string Language { get; set; } = "pt_BR";
    public string Category { get; set; } = TemplateCategories.Utility;
    public string Body { get; set; } = "";
    public bool IsActive { get; set; } = true;
}

/// <summary>Meta's template categories.</summary>
public static class TemplateCategories
{
    public const string Marketing = "MARKETING";
    public const string Utility = "UTILITY";
    public const string Authentication = "AUTHENTICATION";
    public static readonly string[] All = [Marketing, Utility, Authentication];
}
