using FlowAdmin.Data.Entities;
using FlowAdmin.Web.Routing;

namespace FlowAdmin.Tests.Routing;

/// <summary>
/// One row per rule of SPEC §5 and per combination of flags. Placements are written compactly:
/// "pending", "pending d5" (department 5), "open u7 d5", "closed r3" (closing reason 3); "-" means no current ticket.
/// Actions: Close, KeepOpen, Dept:5, User:7. Flags: closed[:r], dept:q, user:u, note, onlyNote, by:u (userId only).
/// </summary>
public sealed class TicketRoutingTests
{
    public static TheoryData<string, string, string, string, string, string> Rules => new()
    {
        // rule                                           current          action    flags                  expected               events
        { "new contact, Close",                            "-",             "Close",  "",                    "new closed",          "NewTicket FinishedTicket UpdateOnTicket" },
        { "new contact, KeepOpen",                         "-",             "KeepOpen", "",                  "new pending",         "NewTicket" },
        { "new contact, RedirectToDepartment",             "-",             "Dept:5", "",                    "new pending d5",      "NewTicket TransferOfTicket UpdateOnTicket" },
        { "new contact, RedirectToUser",                   "-",             "User:7", "",                    "new open u7",         "NewTicket TransferOfTicket StartedTicket UpdateOnTicket" },
        { "no config action (UI/inbound path)",            "-",             "",       "",                    "new pending",         "NewTicket" },
        { "pending ticket stays (action not applied)",     "pending d2",    "Close",  "",                    "pending d2",          "UpdateOnTicket" },
        { "open ticket stays (action not applied)",        "open u3 d2",    "Dept:5", "",                    "open u3 d2",          "UpdateOnTicket" },
        { "open ticket stays with RedirectToUser",         "open u3",       "User:7", "",                    "open u3",             "UpdateOnTicket" },
        { "forceTicketToClosed on new ticket",             "-",             "User:7", "closed",              "new closed u7",       "NewTicket FinishedTicket UpdateOnTicket" },
        { "forceTicketToClosed with reason",               "open u3",       "KeepOpen", "closed:9",          "closed u3 r9",        "FinishedTicket UpdateOnTicket" },
        { "forceTicketToClosed on a non-API pending ticket", "pending d2",  "",       "closed:9",            "closed d2 r9",        "FinishedTicket UpdateOnTicket" },
        { "forceTicketToClosed beats department",          "open u3",       "",       "closed:9 dept:5",     "closed u3 r9",        "FinishedTicket UpdateOnTicket" },
        { "forceTicketToClosed beats user",                "pending",       "",       "closed user:7",       "closed",              "FinishedTicket UpdateOnTicket" },
        { "forceTicketToClosed beats both",                "pending",       "",       "closed dept:5 user:7", "closed",             "FinishedTicket UpdateOnTicket" },
        { "forceTicketToDepartment: open -> pending",      "open u3 d2",    "",       "dept:5",              "pending d5",          "TransferOfTicket UpdateOnTicket" },
        { "forceTicketToDepartment: adds a department",    "pending",       "",       "dept:5",              "pending d5",          "TransferOfTicket UpdateOnTicket" },
        { "forceTicketToDepartment: closed by action -> pending", "-",      "Close",  "dept:5",              "new pending d5",      "NewTicket TransferOfTicket UpdateOnTicket" },
        { "forceTicketToDepartment: same department",      "pending d5",    "",       "dept:5",              "pending d5",          "UpdateOnTicket" },
        { "forceTicketToDepartment without queueId: no-op", "open u3",      "",       "dept:",               "open u3",             "UpdateOnTicket" },
        { "forceTicketToUser: pending -> open",            "pending d2",    "",       "user:7",              "open u7 d2",          "TransferOfTicket StartedTicket UpdateOnTicket" },
        { "forceTicketToUser: other user's open",          "open u3 d2",    "",       "user:7",              "open u7 d2",          "TransferOfTicket StartedTicket UpdateOnTicket" },
        { "forceTicketToUser: same user",                  "open u7",       "",       "user:7",              "open u7",             "UpdateOnTicket" },
        { "forceTicketToUser after action Close",          "-",             "Close",  "user:7",              "new open u7",         "NewTicket TransferOfTicket StartedTicket UpdateOnTicket" },
        { "forceTicketToUser after RedirectToDepartment",  "-",             "Dept:5", "user:7",              "new open u7 d5",      "NewTicket TransferOfTicket StartedTicket UpdateOnTicket" },
        { "both: department and user's Ativos",            "open u3 d2",    "",       "dept:5 user:7",       "open u7 d5",          "TransferOfTicket StartedTicket UpdateOnTicket" },
        { "both on a new ticket",                          "-",             "KeepOpen", "dept:5 user:7",     "new open u7 d5",      "NewTicket TransferOfTicket StartedTicket UpdateOnTicket" },
        { "userId alone only attributes the message",      "pending d2",    "",       "by:7",                "pending d2",          "UpdateOnTicket" },
    };

    [Theory]
    [MemberData(nameof(Rules))]
    public void Each_rule_of_the_spec_places_the_ticket_and_emits_its_events(
        string rule, string current, string action, string flags, string expected, string events)
    {
        var decision = TicketRouting.Decide(ParseCurrent(current), ParseAction(action), ParseFlags(flags));

        var (create, placement) = ParseExpected(expected);
        Assert.True(create == decision.CreateTicket, $"{rule}: create ticket");
        Assert.Equal(placement, decision.Final);
        Assert.Equal(events.Split(' ', StringSplitOptions.RemoveEmptyEntries), decision.Events);
    }

    public static TheoryData<string, bool, bool, int?> Messages => new()
    {
        // flags           send   note   attributed to
        { "",              true,  false, null },
        { "by:7",          true,  false, 7 },
        { "note",          true,  true,  null },
        { "onlyNote note", false, true,  null },
        { "onlyNote note by:7 closed", false, true, 7 },
    };

    [Theory]
    [MemberData(nameof(Messages))]
    public void Message_and_note_follow_onlyNote_note_and_userId(string flags, bool send, bool note, int? userId)
    {
        foreach (var current in new[] { "-", "pending", "open u3" })
        {
            var decision = TicketRouting.Decide(ParseCurrent(current), new RoutingAction(PostSendAction.KeepOpen), ParseFlags(flags));
            Assert.Equal(send, decision.SendMessage);
            Assert.Equal(note, decision.AddNote);
            Assert.Equal(userId, decision.MessageUserId);
        }
    }

    /// <summary>
    /// The screens' manual actions, by the agent 4: "close[:r]", "transfer d:q u:u" (either or both), "note".
    /// They place the ticket and emit events as a push with the matching force flags would.
    /// </summary>
    public static TheoryData<string, string, string, string, string> Actions => new()
    {
        // rule                                        current        action                 expected        events
        { "close a pending ticket with a reason",      "pending d2",  "close:9",             "closed d2 r9", "FinishedTicket UpdateOnTicket" },
        { "close an open ticket without a reason",     "open u3 d2",  "close",               "closed u3 d2", "FinishedTicket UpdateOnTicket" },
        { "transfer to a department: back to Pendentes", "open u3 d2", "transfer d:5",       "pending d5",   "TransferOfTicket UpdateOnTicket" },
        { "transfer adds a department",                "pending",     "transfer d:5",        "pending d5",   "TransferOfTicket UpdateOnTicket" },
        { "transfer to a user: the user's Ativos",     "pending d2",  "transfer u:7",        "open u7 d2",   "TransferOfTicket StartedTicket UpdateOnTicket" },
        { "transfer an open ticket to another user",   "open u3 d2",  "transfer u:7",        "open u7 d2",   "TransferOfTicket StartedTicket UpdateOnTicket" },
        { "transfer to a department and a user",       "pending d2",  "transfer d:5 u:7",    "open u7 d5",   "TransferOfTicket StartedTicket UpdateOnTicket" },
        { "transfer to its department unassigns",      "open u3 d5",  "transfer d:5",        "pending d5",   "UpdateOnTicket" },
        { "note on a pending ticket",                  "pending d2",  "note",                "pending d2",   "UpdateOnTicket" },
        { "note on an open ticket",                    "open u3",     "note",                "open u3",      "UpdateOnTicket" },
        { "note on a closed ticket",                   "closed r9",   "note",                "closed r9",    "UpdateOnTicket" },
    };

    [Theory]
    [MemberData(nameof(Actions))]
    public void Each_manual_action_places_the_ticket_and_emits_the_push_events(string rule, string current, string action, string expected, string events)
    {
        var parsed = ParseTicketAction(action);
        Assert.True(TicketRouting.Refusal(Placement(current), parsed) == TicketActionRefusal.None, rule);

        var decision = TicketRouting.DecideAction(Placement(current), parsed);

        Assert.False(decision.CreateTicket);
        Assert.Equal(Placement(expected), decision.Final);
        Assert.Equal(events.Split(' ', StringSplitOptions.RemoveEmptyEntries), decision.Events);
        // Nothing is ever sent to the contact; only a note action writes a note, attributed to who acted.
        Assert.False(decision.SendMessage);
        Assert.Equal(parsed.Kind == TicketActionKind.Note, decision.AddNote);
        Assert.Equal(4, decision.MessageUserId);
    }

    public static TheoryData<string, string, TicketActionRefusal> Refusals => new()
    {
        { "closed r9",  "close:9",          TicketActionRefusal.TicketClosed },
        { "closed",     "transfer d:5",     TicketActionRefusal.TicketClosed },
        { "pending d2", "transfer",         TicketActionRefusal.NoTarget },
        { "pending d5", "transfer d:5",     TicketActionRefusal.NothingToChange },
        { "open u7 d2", "transfer u:7",     TicketActionRefusal.NothingToChange },
        { "open u7 d5", "transfer d:5 u:7", TicketActionRefusal.NothingToChange },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public void A_manual_action_the_ticket_cannot_take_is_refused(string current, string action, TicketActionRefusal refusal)
    {
        var parsed = ParseTicketAction(action);
        Assert.Equal(refusal, TicketRouting.Refusal(Placement(current), parsed));
        Assert.Throws<ArgumentException>(() => TicketRouting.DecideAction(Placement(current), parsed));
    }

    /// <summary>A customer's message: "-" is a new contact or only closed tickets; the channel's default department is 5.</summary>
    public static TheoryData<string, string, string, string> Inbound => new()
    {
        // rule                                           current       expected          events
        { "no open ticket: pending in the default department", "-",      "new pending d5", "NewTicket" },
        { "a pending ticket stays where it is",          "pending d2",  "pending d2",     "UpdateOnTicket" },
        { "an open ticket stays with its user",          "open u3 d2",  "open u3 d2",     "UpdateOnTicket" },
    };

    [Theory]
    [MemberData(nameof(Inbound))]
    public void An_inbound_message_opens_a_ticket_only_when_none_is_pending_or_open(string rule, string current, string expected, string events)
    {
        var decision = TicketRouting.DecideInbound(ParseCurrent(current), defaultDepartmentId: 5);

        var (create, placement) = ParseExpected(expected);
        Assert.True(create == decision.CreateTicket, $"{rule}: create ticket");
        Assert.Equal(placement, decision.Final);
        Assert.Equal(events.Split(' ', StringSplitOptions.RemoveEmptyEntries), decision.Events);
        Assert.True(decision.SendMessage); // the received message is recorded
        Assert.False(decision.AddNote);
        Assert.Null(decision.MessageUserId); // from the customer, not an agent
    }

    [Fact]
    public void A_closed_current_ticket_is_a_caller_error()
    {
        Assert.Throws<ArgumentException>(() => TicketRouting.Decide(Placement("closed"), null, new RoutingFlags()));
        Assert.Throws<ArgumentException>(() => TicketRouting.DecideInbound(Placement("closed"), null));
    }

    private static TicketPlacement? ParseCurrent(string text) => text == "-" ? null : Placement(text);

    private static (bool Create, TicketPlacement Placement) ParseExpected(string text) =>
        text.StartsWith("new ", StringComparison.Ordinal) ? (true, Placement(text[4..])) : (false, Placement(text));

    private static TicketPlacement Placement(string text)
    {
        var parts = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        int? Find(char prefix) => parts.Skip(1).Where(p => p[0] == prefix).Select(p => (int?)int.Parse(p[1..])).FirstOrDefault();
        return new TicketPlacement(Enum.Parse<TicketStatus>(parts[0], ignoreCase: true), Find('d'), Find('u'), Find('r'));
    }

    private static TicketAction ParseTicketAction(string text)
    {
        var parts = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        int? Find(string prefix) => parts.Skip(1).Where(p => p.StartsWith(prefix, StringComparison.Ordinal)).Select(p => (int?)int.Parse(p[prefix.Length..])).FirstOrDefault();
        return parts[0] switch
        {
            "note" => new TicketAction(TicketActionKind.Note, 4),
            "close" => new TicketAction(TicketActionKind.Close, 4),
            _ when parts[0].StartsWith("close:", StringComparison.Ordinal) => new TicketAction(TicketActionKind.Close, 4, ClosingReasonId: int.Parse(parts[0][6..])),
            "transfer" => new TicketAction(TicketActionKind.Transfer, 4, DepartmentId: Find("d:"), UserId: Find("u:")),
            _ => throw new ArgumentException(text),
        };
    }

    private static RoutingAction? ParseAction(string text) => text switch
    {
        "" => null,
        "Close" => new RoutingAction(PostSendAction.Close),
        "KeepOpen" => new RoutingAction(PostSendAction.KeepOpen),
        _ when text.StartsWith("Dept:", StringComparison.Ordinal) => new RoutingAction(PostSendAction.RedirectToDepartment, DepartmentId: int.Parse(text[5..])),
        _ when text.StartsWith("User:", StringComparison.Ordinal) => new RoutingAction(PostSendAction.RedirectToUser, UserId: int.Parse(text[5..])),
        _ => throw new ArgumentException(text),
    };

    private static RoutingFlags ParseFlags(string text)
    {
        var flags = new RoutingFlags();
        foreach (var part in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var (name, value) = part.Contains(':') ? (part[..part.IndexOf(':')], part[(part.IndexOf(':') + 1)..]) : (part, "");
            int? number = value.Length > 0 ? int.Parse(value) : null;
            flags = name switch
            {
                "closed" => flags with { ForceTicketToClosed = true, ClosingReasonId = number },
                "dept" => flags with { ForceTicketToDepartment = true, QueueId = number },
                "user" => flags with { ForceTicketToUser = true, UserId = number },
                "by" => flags with { UserId = number },
                "note" => flags with { HasNote = true },
                "onlyNote" => flags with { OnlyNote = true },
                _ => throw new ArgumentException(part),
            };
        }
        return flags;
    }
}
