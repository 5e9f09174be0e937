using FlowAdmin.Data.Entities;
using FlowAdmin.Web.Features.Events;

namespace FlowAdmin.Web.Routing;

/// <summary>Where a ticket is: its tab, department, user and closing reason.</summary>
public sealed record TicketPlacement(TicketStatus Status, int? DepartmentId, int? UserId, int? ClosingReasonId)
{
    /// <summary>A ticket just created for a push: "Pendentes", no department, no user.</summary>
    public static readonly TicketPlacement NewTicket = new(TicketStatus.Pending, null, null, null);
}

/// <summary>The post-send action of the config that sends (null action for paths without a config).</summary>
public sealed record RoutingAction(PostSendAction Action, int? DepartmentId = null, int? UserId = null);

/// <summary>The routing-relevant flags of a push request (SPEC §4).</summary>
public sealed record RoutingFlags
{
    public bool ForceTicketToClosed { get; init; }
    public int? ClosingReasonId { get; init; }
    public bool ForceTicketToDepartment { get; init; }
    public int? QueueId { get; init; }
    public bool ForceTicketToUser { get; init; }
    /// <summary>The agent the message is attributed to, and the target of forceTicketToUser.</summary>
    public int? UserId { get; init; }
    public bool OnlyNote { get; init; }
    public bool HasNote { get; init; }
}

/// <summary>What an agent or administrator does to one ticket from the screens (SPEC §5: the same engine as a push).</summary>
public enum TicketActionKind { Close, Transfer, Note }

/// <summary>
/// A manual action on a ticket. <paramref name="ActorUserId"/> is who acts (history and note author), or
/// <paramref name="ActorApiKeyId"/> when a management API key acts (it has no user; the history names the key);
/// <paramref name="DepartmentId"/>/<paramref name="UserId"/> are a transfer's target.
/// </summary>
public sealed record TicketAction(
    TicketActionKind Kind, int? ActorUserId, int? ClosingReasonId = null, int? DepartmentId = null, int? UserId = null, int? ActorApiKeyId = null);

/// <summary>Why a manual action cannot apply to the ticket as it is now.</summary>
public enum TicketActionRefusal { None, TicketClosed, NoTarget, NothingToChange }

/// <summary>What the engine decided: the caller applies it in one transaction.</summary>
public sealed record RoutingDecision(
    bool CreateTicket,
    TicketPlacement Final,
    IReadOnlyList<string> Events,
    bool SendMessage,
    bool AddNote,
    int? MessageUserId);

/// <summary>
/// THE ticket-routing rules of SPEC §5, as a pure function: no I/O, no clock, so each rule is one row
/// of a table test. Every path that sends (push worker, UI, inbound) decides through here.
/// </summary>
public static class TicketRouting
{
    /// <param name="current">The contact's ticket on the channel that is not closed, or null (new contact, or all closed).</param>
    public static RoutingDecision Decide(TicketPlacement? current, RoutingAction? action, RoutingFlags flags)
    {
        if (current is { Status: TicketStatus.Closed })
            throw new ArgumentException("The current ticket must be pending or open; a closed one means a new ticket.", nameof(current));

        var create = current is null;
        var start = current ?? TicketPlacement.NewTicket;
        // The post-send action applies only to a new ticket (new contact, or its tickets were all closed):
        // a pending or open ticket "remains in the same place, only receiving the message".
        var placement = create && action is not null ? ApplyAction(start, action) : start;
        placement = ApplyForceFlags(placement, flags);

        return new RoutingDecision(
            create,
            placement,
            EventsFor(create, start, placement),
            SendMessage: !flags.OnlyNote,
            AddNote: flags.HasNote,
            MessageUserId: flags.UserId);
    }

    /// <summary>
    /// A customer's message arriving on the channel (SPEC §5 steps 1 and 2, the other direction): without a pending
    /// or open ticket, a new pending ticket in the channel's default department; otherwise the ticket stays where it
    /// is and only receives the message. No post-send action and no force flags: those belong to sends.
    /// </summary>
    /// <param name="current">The contact's ticket on the channel that is not closed, or null.</param>
    public static RoutingDecision DecideInbound(TicketPlacement? current, int? defaultDepartmentId)
    {
        if (current is { Status: TicketStatus.Closed })
            throw new ArgumentException("The current ticket must be pending or open; a closed one means a new ticket.", nameof(current));
        var create = current is null;
        // Created in its place, not moved there: a new ticket in the default department is no transfer.
        var placement = current ?? TicketPlacement.NewTicket with { DepartmentId = defaultDepartmentId };
        return new RoutingDecision(create, placement, EventsFor(create, placement, placement), SendMessage: true, AddNote: false, MessageUserId: null);
    }

    /// <summary>
    /// A manual action, decided by the push rules it mirrors: closing is forceTicketToClosed (with its reason),
    /// a transfer is forceTicketToDepartment and/or forceTicketToUser, a note is onlyNote with a note. So the
    /// screens place tickets and emit events exactly as a push with those flags would.
    /// </summary>
    public static RoutingDecision DecideAction(TicketPlacement current, TicketAction action)
    {
        var refusal = Refusal(current, action);
        if (refusal != TicketActionRefusal.None)
            throw new ArgumentException($"The action cannot apply: {refusal}.", nameof(action));
        var flags = FlagsFor(action);
        var placement = ApplyForceFlags(current, flags);
        return new RoutingDecision(
            CreateTicket: false,
            placement,
            EventsFor(false, current, placement),
            SendMessage: false,
            AddNote: flags.HasNote,
            MessageUserId: action.ActorUserId);
    }

    /// <summary>Checked again inside the applying transaction, so a ticket closed meanwhile is refused, not reopened.</summary>
    public static TicketActionRefusal Refusal(TicketPlacement current, TicketAction action) => action.Kind switch
    {
        // A note is history, not a move: closed tickets take notes too.
        TicketActionKind.Note => TicketActionRefusal.None,
        _ when current.Status == TicketStatus.Closed => TicketActionRefusal.TicketClosed,
        TicketActionKind.Transfer when action.DepartmentId is null && action.UserId is null => TicketActionRefusal.NoTarget,
        TicketActionKind.Transfer when ApplyForceFlags(current, FlagsFor(action)) == current => TicketActionRefusal.NothingToChange,
        _ => TicketActionRefusal.None,
    };

    private static RoutingFlags FlagsFor(TicketAction action) => action.Kind switch
    {
        TicketActionKind.Close => new RoutingFlags { ForceTicketToClosed = true, ClosingReasonId = action.ClosingReasonId },
        TicketActionKind.Transfer => new RoutingFlags
        {
            ForceTicketToDepartment = action.DepartmentId is not null, QueueId = action.DepartmentId,
            ForceTicketToUser = action.UserId is not null, UserId = action.UserId,
        },
        TicketActionKind.Note => new RoutingFlags { OnlyNote = true, HasNote = true },
        _ => throw new ArgumentOutOfRangeException(nameof(action), action.Kind, null),
    };

    private static TicketPlacement ApplyAction(TicketPlacement ticket, RoutingAction action) => action.Action switch
    {
        PostSendAction.Close => ticket with { Status = TicketStatus.Closed },
        PostSendAction.KeepOpen => ticket with { Status = TicketStatus.Pending, DepartmentId = null, UserId = null },
        PostSendAction.RedirectToDepartment => ticket with { Status = TicketStatus.Pending, DepartmentId = action.DepartmentId, UserId = null },
        PostSendAction.RedirectToUser => ticket with { Status = TicketStatus.Open, UserId = action.UserId },
        _ => throw new ArgumentOutOfRangeException(nameof(action), action.Action, null),
    };

    private static TicketPlacement ApplyForceFlags(TicketPlacement ticket, RoutingFlags flags)
    {
        // forceTicketToClosed has precedence over every other parameter, whatever created the ticket.
        if (flags.ForceTicketToClosed)
            return ticket with { Status = TicketStatus.Closed, ClosingReasonId = flags.ClosingReasonId ?? ticket.ClosingReasonId };

        var toDepartment = flags.ForceTicketToDepartment && flags.QueueId is not null;
        var toUser = flags.ForceTicketToUser && flags.UserId is not null;
        if (toDepartment && toUser)
            return new TicketPlacement(TicketStatus.Open, flags.QueueId, flags.UserId, null);
        if (toDepartment)
            // From closed or open back to "Pendentes", with that department (switched or added); pending has no user.
            return new TicketPlacement(TicketStatus.Pending, flags.QueueId, null, null);
        if (toUser)
            return ticket with { Status = TicketStatus.Open, UserId = flags.UserId, ClosingReasonId = null };
        return ticket;
    }

    /// <summary>SPEC §5: NewTicket, then the changes (transfer, start, finish), then UpdateOnTicket for any change.</summary>
    private static IReadOnlyList<string> EventsFor(bool created, TicketPlacement before, TicketPlacement after)
    {
        var events = new List<string>();
        if (created) events.Add(EventNames.NewTicket);
        var moved = after.Status != TicketStatus.Closed
            && ((after.DepartmentId is not null && after.DepartmentId != before.DepartmentId)
                || (after.UserId is not null && after.UserId != before.UserId));
        if (moved) events.Add(EventNames.TransferOfTicket);
        if (after.Status == TicketStatus.Open && (before.Status != TicketStatus.Open || after.UserId != before.UserId))
            events.Add(EventNames.StartedTicket);
        if (after.Status == TicketStatus.Closed && before.Status != TicketStatus.Closed)
            events.Add(EventNames.FinishedTicket);
        // An existing ticket always changes (its last message); a new one only if it left its initial place.
        if (!created || after != before) events.Add(EventNames.UpdateOnTicket);
        return events;
    }
}
