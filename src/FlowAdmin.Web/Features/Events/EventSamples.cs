using FlowAdmin.Data.Entities;

namespace FlowAdmin.Web.Features.Events;

/// <summary>Sample entities shaped like the source document's examples, for <see cref="EventPayloads.Example"/>.</summary>
internal sealed record EventSamples(Contact Contact, Channel Channel, AppUser User, Ticket Ticket, Message Message)
{
    public static EventSamples Create()
    {
        const int tenantId = 1;
        var at = new DateTime(2023, 6, 5, 12, 7, 9, 586, DateTimeKind.Utc);
        var lead = new LeadStatus { Id = 2, TenantId = tenantId, Status = "Em atendimento", Color = "#0000d6", UserId = 1, CreatedAt = at.AddDays(-77), UpdatedAt = at.AddDays(-77) };
        var wallet = new Wallet { Id = 1, TenantId = tenantId, Name = "Administrador" };
        var contact = new Contact
        {
            Id = 17256, TenantId = tenantId, Number = "559999009900", Name = "Nome do Contato", PushName = "Nome do Contato",
            ProfilePicUrl = "https://pps.whatsapp.net/v/...", Tags = ["Cliente", "OutraTag"], CustomFields = new() { ["cpf"] = "12312312311" },
            LeadStatusId = lead.Id, LeadStatus = lead, CreatedAt = at.AddDays(-15), UpdatedAt = at,
            Wallets = [new ContactWallet { Id = 44, TenantId = tenantId, ContactId = 17256, WalletId = wallet.Id, Wallet = wallet, CreatedAt = at, UpdatedAt = at }],
        };
        var channel = new Channel
        {
            Id = 1, TenantId = tenantId, Name = "Linha 2", Kind = ChannelKind.Whatsapp, Number = "5599999999999",
            Status = ChannelStatuses.Connected, IsDefault = true, DefaultDepartmentId = 6, CreatedAt = at.AddYears(-2), UpdatedAt = at,
        };
        var user = new AppUser { Id = 1, TenantId = tenantId, Name = "Administrador", Email = "admin@example.com" };
        var ticket = new Ticket
        {
            Id = 9902, TenantId = tenantId, ContactId = contact.Id, ChannelId = channel.Id, Status = TicketStatus.Open,
            DepartmentId = 2, UserId = user.Id, IsCreatedAtApi = true, ApiConfigId = 3, Answered = true,
            LastMessage = "Aguarde, logo você será atendido.", LastMessageAt = at.AddSeconds(-29), StartedAttendanceAt = at,
            CreatedAt = at.AddDays(-4), UpdatedAt = at,
        };
        var message = new Message
        {
            Id = Guid.Parse("e3b501ba-91ab-4066-a8da-3b67da787f4e"), TenantId = tenantId, TicketId = ticket.Id, ContactId = contact.Id,
            Body = ticket.LastMessage, FromMe = true, Ack = Acks.Delivered, Status = "sent", SendType = "api", ExternalKey = "123456",
            TransportMessageId = "3E8073CACCBDF2B747D45E", CreatedAt = at.AddSeconds(-29), UpdatedAt = at.AddSeconds(-29),
        };
        return new EventSamples(contact, channel, user, ticket, message);
    }
}
