namespace FlowAdmin.Web.Features.Tickets;

/// <summary>Marker for the Atendimentos screens' texts.</summary>
public sealed class TicketsText;
