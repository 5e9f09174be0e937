using FlowAdmin.Data.Entities;

namespace FlowAdmin.Web.Features.ApiConfigs;

/// <summary>The add/edit dialog's model.</summary>
public sealed class ApiConfigForm
{
    /// <summary>0 for a new config.</summary>
    public int Id { get; set; }
    public string Name { get; set; } = "";
    public int? ChannelId { get; set; }
    public PostSendAction Action { get; set; } = PostSendAction.KeepOpen;
    public int? DepartmentId { get; set; }
    public int? UserId { get; set; }
}

public sealed record ApiConfigRow(
    int Id, string Name, int ChannelId, string ChannelName, ChannelKind ChannelKind, PostSendAction Action,
    string? DepartmentName, string? UserName, bool IsActive, DateTime CreatedAt);

public sealed record Option(int Id, string Name);
