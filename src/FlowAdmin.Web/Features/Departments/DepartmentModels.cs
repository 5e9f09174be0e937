namespace FlowAdmin.Web.Features.Departments;

/// <summary>A department as the list shows it; <see cref="Id"/> is the push API's <c>queueId</c>.</summary>
public sealed record DepartmentRow(int Id, string Name, string Color, bool IsActive);

/// <summary>An active department, for selects on other screens.</summary>
public sealed record DepartmentOption(int Id, string Name, string Color);

/// <summary>What a create or edit sends. <see cref="Id"/> is 0 for a new department.</summary>
public sealed record DepartmentInput
{
    public int Id { get; set; }
    public string Name { get; set; } = "";
    public string Color { get; set; } = "#1976d2";
    public bool IsActive { get; set; } = true;
}
