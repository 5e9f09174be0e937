using System.Text.Json.Serialization;
using FlowAdmin.Data.Entities;

namespace FlowAdmin.Web.Features.Users;

/// <summary>One row of the users grid.</summary>
public sealed record UserRow(int Id, string Name, string Email, string Role, IReadOnlyList<string> Departments, bool IsActive);

/// <summary>A page of the users list: search over name and email, sort by Id, Name, Email, Role or IsActive.</summary>
public sealed record UserListQuery(string? Search, string? SortBy, bool Descending, int Page, int PageSize);

public sealed record UserList(IReadOnlyList<UserRow> Items, int Total);

public sealed record DepartmentOption(int Id, string Name);

/// <summary>
/// The create/edit form. <see cref="Password"/> is only used (and required) when creating, and never read back.
/// <see cref="IsActive"/> is filled by reads only: (de)activating has its own rules (not oneself, not the last
/// administrator), so it goes through <see cref="UserService.SetActiveAsync"/>, never through an edit.
/// </summary>
public sealed class UserForm
{
    public int Id { get; set; }
    public string Name { get; set; } = "";
    public string Email { get; set; } = "";
    public string Role { get; set; } = Roles.Agent;
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Password { get; set; }
    public IReadOnlyCollection<int> DepartmentIds { get; set; } = [];
    public bool IsActive { get; set; } = true;

    [JsonIgnore]
    public bool IsNew => Id == 0;
}
