using FlowAdmin.Data.Entities;

namespace FlowAdmin.Web.Features.Channels;

/// <summary>A channel as the list shows it (never its access token).</summary>
public sealed record ChannelRow(
    int Id, string Name, ChannelKind Kind, ChannelTransport Transport, string Number, string Status,
    int? DefaultDepartmentId, string? DefaultDepartmentName, bool IsActive);

/// <summary>A channel to pick on other screens (templates, API configs).</summary>
public sealed record ChannelOption(int Id, string Name, ChannelKind Kind);

/// <summary>
/// What a create or edit sends. <see cref="CloudApiAccessToken"/> is write-only: empty on an edit keeps the
/// stored token; reads only ever return <see cref="MaskedAccessToken"/>.
/// </summary>
public sealed record ChannelInput
{
    public int Id { get; set; }
    public string Name { get; set; } = "";
    public ChannelKind Kind { get; set; } = ChannelKind.Whatsapp;
    public ChannelTransport Transport { get; set; } = ChannelTransport.Sandbox;
    /// <summary>The line's number, digits only (country and area code included).</summary>
    public string Number { get; set; } = "";
    public string Status { get; set; } = ChannelStatuses.Disconnected;
    public int? DefaultDepartmentId { get; set; }
    public bool IsActive { get; set; } = true;
    public string? CloudApiBaseUrl { get; set; }
    public string? CloudApiPhoneNumberId { get; set; }
    public string? CloudApiAccessToken { get; set; }
    /// <summary>Set by reads only: the stored token's last characters, e.g. "••••••••a1b2".</summary>
    public string? MaskedAccessToken { get; set; }

    // Records print every property; the access token must never reach a log line.
    public override string ToString() => $"ChannelInput {{ Id = {Id}, Name = {Name}, Kind = {Kind}, Transport = {Transport} }}";
}
