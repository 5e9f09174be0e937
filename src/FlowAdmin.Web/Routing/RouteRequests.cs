namespace FlowAdmin.Web.Routing;

/// <summary>What to send: text (or a media caption), media by link, or a WABA template with its params.</summary>
public sealed record OutgoingContent(string Body, string? MediaUrl = null, int? TemplateId = null, IReadOnlyList<string>? TemplateParams = null);

/// <summary>One send through the routing engine, from any path (push worker, UI, inbound).</summary>
public sealed record RouteRequest(
    int ChannelId,
    string Number,
    RoutingFlags Flags,
    OutgoingContent? Message,
    OutgoingContent? Note = null,
    int? ApiConfigId = null,
    RoutingAction? Action = null,
    string? ExternalKey = null,
    string SendType = "api",
    Guid? MessageId = null);

/// <summary>A manual action on one ticket; <paramref name="Note"/> is the note's text for a Note action.</summary>
public sealed record TicketActionRequest(int TicketId, TicketAction Action, OutgoingContent? Note = null);

/// <summary>The ticket's current state refuses the action (closed meanwhile, nothing to change...).</summary>
public sealed class TicketActionRefusedException(TicketActionRefusal refusal) : InvalidOperationException($"Ticket action refused: {refusal}.")
{
    public TicketActionRefusal Refusal { get; } = refusal;
}

/// <summary>A customer's message arriving on a channel; <paramref name="Name"/> is the contact's profile name, if known.</summary>
public sealed record InboundMessage(int ChannelId, string Number, string Body, string? Name = null);

public sealed record RouteResult(int TicketId, int ContactId, Guid? MessageId, Guid? NoteId, bool ContactCreated, RoutingDecision Decision);
