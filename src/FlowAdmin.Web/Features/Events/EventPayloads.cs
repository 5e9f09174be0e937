using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using FlowAdmin.Data.Entities;

namespace FlowAdmin.Web.Features.Events;

/// <summary>
/// The JSON of each platform event, key for key as the source document's examples (camelCase; fields
/// FlowAdmin does not use are present as null). The "?" example dialog uses <see cref="Example"/>,
/// which runs these same builders on sample entities, so an example can never drift from a real payload.
/// Callers pass entities with their navigations loaded (contact's lead status and wallets).
/// </summary>
public static class EventPayloads
{
    public static JsonObject NewContact(Contact contact, int? userId) => new()
    {
        ["contact"] = new JsonObject
        {
            ["id"] = contact.Id,
            ["name"] = contact.Name,
            ["number"] = contact.Number,
            ["email"] = contact.Email,
            ["profilePicUrl"] = contact.ProfilePicUrl,
            ["tags"] = Strings(contact.Tags),
            ["extraInfo"] = ExtraInfo(contact),
            ["leadStatus"] = contact.LeadStatus is { } lead ? LeadStatus(lead, withOwner: false) : null,
        },
        ["userId"] = userId,
        ["wallets"] = Wallets(contact),
    };

    public static JsonObject UpdateContact(Contact contact) => new()
    {
        ["contact"] = new JsonObject
        {
            ["id"] = contact.Id,
            ["name"] = contact.Name,
            ["number"] = contact.Number,
            ["email"] = contact.Email,
            ["profilePicUrl"] = contact.ProfilePicUrl,
            ["tags"] = Strings(contact.Tags),
            ["extraInfo"] = ExtraInfo(contact),
            ["leadStatus"] = contact.LeadStatus is { } lead ? LeadStatus(lead, withOwner: true) : null,
            ["wallets"] = Wallets(contact),
        },
    };

    /// <summary>NewTicket, StartedTicket, TransferOfTicket, UpdateOnTicket, FinishedTicket.</summary>
    public static JsonObject Ticket(string eventName, Ticket ticket, Contact contact, ChannelKind channelKind, AppUser? user)
    {
        var json = new JsonObject
        {
            ["id"] = ticket.Id,
            ["status"] = ticket.Status.ToString().ToLowerInvariant(),
            ["unreadMessages"] = ticket.UnreadMessages,
            ["lastMessage"] = ticket.LastMessage,
            ["channel"] = ChannelType(channelKind),
            ["answered"] = ticket.Answered,
            ["isGroup"] = false,
            ["isActiveDemand"] = false,
            ["isCreatedAtAPI"] = ticket.IsCreatedAtApi,
            ["lastInteractionBot"] = null,
            ["botRetries"] = 0,
            ["closedAt"] = Iso(ticket.ClosedAt),
            // The source sends lastMessageAt as a string of epoch milliseconds and startedAttendanceAt as a number.
            ["lastMessageAt"] = ticket.LastMessageAt is { } last ? EpochMs(last).ToString(CultureInfo.InvariantCulture) : null,
            ["startedAttendanceAt"] = ticket.StartedAttendanceAt is { } started ? EpochMs(started) : null,
            ["userId"] = ticket.UserId,
            ["contactId"] = ticket.ContactId,
            ["whatsappId"] = ticket.ChannelId,
            ["autoReplyId"] = null,
        };
        // The source's StartedTicket example names this field setUpAutoReplyId; the others stepAutoReplyId.
        json[eventName == EventNames.StartedTicket ? "setUpAutoReplyId" : "stepAutoReplyId"] = null;
        json["chatFlowId"] = null;
        json["stepChatFlow"] = null;
        json["queuedId"] = ticket.DepartmentId;
        json["closingReasonId"] = ticket.ClosingReasonId;
        json["tenantId"] = ticket.TenantId;
        json["apiConfigId"] = ticket.ApiConfigId;
        json["createdAt"] = Iso(ticket.CreatedAt);
        json["updatedAt"] = Iso(ticket.UpdatedAt);
        json["contact"] = TicketContact(contact);
        json["user"] = user is null ? null : new JsonObject
        {
            ["id"] = user.Id,
            ["name"] = user.Name,
            ["email"] = user.Email,
        };
        return new JsonObject { ["ticket"] = json };
    }

    public static JsonObject NewMessage(Message message) => new()
    {
        ["message"] = new JsonObject
        {
            ["mediaName"] = message.MediaName,
            ["mediaUrl"] = message.MediaUrl,
            ["msgCreatedAt"] = Iso(message.CreatedAt),
            ["id"] = message.Id.ToString(),
            ["wabaMediaId"] = null,
            ["isDeleted"] = false,
            ["userId"] = message.UserId,
            ["scheduleDate"] = null,
            ["ticketId"] = message.TicketId,
            ["body"] = message.Body,
            ["contactId"] = message.ContactId,
            ["fromMe"] = message.FromMe,
            ["read"] = message.FromMe,
            ["mediaType"] = message.MediaType,
            ["timestamp"] = (EpochMs(message.CreatedAt) / 1000).ToString(CultureInfo.InvariantCulture),
            ["quotedMsgId"] = null,
            ["sendType"] = message.SendType,
            ["tenantId"] = message.TenantId,
            ["note"] = message.IsNote,
            ["isTransfer"] = false,
            ["status"] = message.Status,
            ["ack"] = message.Ack,
            ["messageId"] = message.TransportMessageId,
            ["updatedAt"] = Iso(message.UpdatedAt),
            ["createdAt"] = Iso(message.CreatedAt),
            ["idFront"] = null,
        },
    };

    public static JsonObject AckMessage(Message message)
    {
        var payload = new JsonObject
        {
            ["ack"] = message.Ack,
            ["id"] = message.Id.ToString(),
            ["messageId"] = message.TransportMessageId,
            ["ticketId"] = message.TicketId,
        };
        // Beyond the source: an ack -1 says why, so the tenant's system need not ask (other acks keep its exact shape).
        if (message.Ack == Acks.Error) payload["error"] = message.ErrorReason;
        return payload;
    }

    public static JsonObject ConnectionStatusUpdate(Channel channel) => new()
    {
        ["connection"] = new JsonObject
        {
            ["UrlWabaWebHook"] = "",
            ["UrlMessengerWebHook"] = "",
            ["id"] = channel.Id,
            ["name"] = channel.Name,
            ["qrcode"] = "",
            ["status"] = channel.Status,
            ["battery"] = null,
            ["plugged"] = false,
            ["isActive"] = channel.IsActive,
            ["isRejectCall"] = false,
            ["callRejectedMessage"] = null,
            ["isDeleted"] = false,
            ["retries"] = 0,
            ["isDefault"] = channel.IsDefault,
            ["instagramUser"] = null,
            ["fbPageId"] = null,
            ["type"] = ChannelType(channel.Kind),
            ["number"] = channel.Number,
            ["phone"] = new JsonObject(),
            ["tenantId"] = channel.TenantId,
            ["createdAt"] = Iso(channel.CreatedAt),
            ["updatedAt"] = Iso(channel.UpdatedAt),
            ["chatFlowId"] = null,
            ["defaultQueueId"] = channel.DefaultDepartmentId,
        },
    };

    /// <summary>Adds the top-level tenantId and event (SPEC §6), as EventOutbox does for real events.</summary>
    public static JsonObject WithEnvelope(JsonObject payload, int tenantId, string eventName)
    {
        payload["tenantId"] = tenantId;
        payload["event"] = eventName;
        return payload;
    }

    /// <summary>The payload of <paramref name="eventName"/> built from sample entities, for the "?" dialog.</summary>
    public static JsonObject Example(string eventName)
    {
        var s = EventSamples.Create();
        var payload = eventName switch
        {
            EventNames.NewContact => NewContact(s.Contact, s.User.Id),
            EventNames.UpdateContact => UpdateContact(s.Contact),
            EventNames.NewTicket or EventNames.StartedTicket or EventNames.TransferOfTicket
                or EventNames.UpdateOnTicket or EventNames.FinishedTicket
                => Ticket(eventName, s.Ticket, s.Contact, s.Channel.Kind, s.User),
            EventNames.NewMessage => NewMessage(s.Message),
            EventNames.AckMessage => AckMessage(s.Message),
            EventNames.ConnectionStatusUpdate => ConnectionStatusUpdate(s.Channel),
            _ => throw new ArgumentOutOfRangeException(nameof(eventName), eventName, "Unknown event."),
        };
        return WithEnvelope(payload, s.Contact.TenantId, eventName);
    }

    public static string Iso(DateTime time) =>
        DateTime.SpecifyKind(time, DateTimeKind.Utc).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private static string? Iso(DateTime? time) => time is { } t ? Iso(t) : null;

    public static long EpochMs(DateTime time) =>
        new DateTimeOffset(DateTime.SpecifyKind(time, DateTimeKind.Utc)).ToUnixTimeMilliseconds();

    private static string ChannelType(ChannelKind kind) => kind == ChannelKind.Waba ? "waba" : "whatsapp";

    private static JsonObject TicketContact(Contact contact) => new()
    {
        ["id"] = contact.Id,
        ["name"] = contact.Name,
        ["number"] = contact.Number,
        ["email"] = contact.Email,
        ["profilePicUrl"] = contact.ProfilePicUrl,
        ["pushname"] = contact.PushName,
        ["observations"] = null,
        ["telegramId"] = null,
        ["messengerId"] = null,
        ["instagramPK"] = null,
        ["isUser"] = true,
        ["isWAContact"] = true,
        ["isGroup"] = false,
        ["leadStatusId"] = contact.LeadStatusId,
        ["tenantId"] = contact.TenantId,
        ["customFields"] = new JsonObject(contact.CustomFields.Select(f => KeyValuePair.Create(f.Key, (JsonNode?)JsonValue.Create(f.Value)))),
        ["tags"] = Strings(contact.Tags),
        ["createdAt"] = Iso(contact.CreatedAt),
        ["updatedAt"] = Iso(contact.UpdatedAt),
        ["extraInfo"] = ExtraInfo(contact),
        ["leadStatus"] = contact.LeadStatus is { } lead ? LeadStatus(lead, withOwner: true) : null,
        ["wallets"] = Wallets(contact),
    };

    private static JsonObject LeadStatus(LeadStatus lead, bool withOwner)
    {
        var json = new JsonObject
        {
            ["id"] = lead.Id,
            ["status"] = lead.Status,
            ["color"] = lead.Color,
            ["active"] = lead.IsActive,
            ["createdAt"] = Iso(lead.CreatedAt),
            ["updatedAt"] = Iso(lead.UpdatedAt),
        };
        if (withOwner)
        {
            json["userId"] = lead.UserId;
            json["tenantId"] = lead.TenantId;
        }
        return json;
    }

    private static JsonArray Wallets(Contact contact) =>
        new([.. contact.Wallets.Select(cw => (JsonNode)new JsonObject
        {
            ["id"] = cw.WalletId,
            ["name"] = cw.Wallet?.Name,
            ["ContactWallet"] = new JsonObject
            {
                ["id"] = cw.Id,
                ["contactId"] = cw.ContactId,
                ["walletId"] = cw.WalletId,
                ["tenantId"] = cw.TenantId,
                ["createdAt"] = Iso(cw.CreatedAt),
                ["updatedAt"] = Iso(cw.UpdatedAt),
            },
        })]);

    private static JsonArray Strings(IEnumerable<string> values) => new([.. values.Select(v => (JsonNode)JsonValue.Create(v))]);

    private static JsonNode ExtraInfo(Contact contact)
    {
        try
        {
            return JsonNode.Parse(contact.ExtraInfoJson) ?? new JsonArray();
        }
        catch (JsonException)
        {
            return new JsonArray();
        }
    }
}
