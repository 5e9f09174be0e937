namespace FlowAdmin.Web.Features.Events;

/// <summary>The ten platform events a webhook can subscribe to (SPEC §6), in the source's order.</summary>
public static class EventNames
{
    public const string NewContact = nameof(NewContact);
    public const string UpdateContact = nameof(UpdateContact);
    public const string NewTicket = nameof(NewTicket);
    public const string StartedTicket = nameof(StartedTicket);
    public const string TransferOfTicket = nameof(TransferOfTicket);
    public const string UpdateOnTicket = nameof(UpdateOnTicket);
    public const string FinishedTicket = nameof(FinishedTicket);
    public const string NewMessage = nameof(NewMessage);
    public const string AckMessage = nameof(AckMessage);
    public const string ConnectionStatusUpdate = nameof(ConnectionStatusUpdate);

    public static readonly string[] All =
    [
        NewContact, UpdateContact, NewTicket, StartedTicket, TransferOfTicket,
        UpdateOnTicket, FinishedTicket, NewMessage, AckMessage, ConnectionStatusUpdate,
    ];
}
