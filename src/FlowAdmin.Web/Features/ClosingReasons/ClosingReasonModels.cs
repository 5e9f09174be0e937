namespace FlowAdmin.Web.Features.ClosingReasons;

/// <summary>A closing reason as the list shows it; <see cref="Id"/> is the push API's <c>closingReasonId</c>.</summary>
public sealed record ClosingReasonRow(int Id, string Name, bool IsActive);

/// <summary>What a create or edit sends. <see cref="Id"/> is 0 for a new closing reason.</summary>
public sealed record ClosingReasonInput
{
    public int Id { get; set; }
    public string Name { get; set; } = "";
    public bool IsActive { get; set; } = true;
}
