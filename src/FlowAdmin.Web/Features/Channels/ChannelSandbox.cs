using FlowAdmin.Data.Entities;
using FlowAdmin.Web.Features.Common;
using FlowAdmin.Web.Routing;
using FluentValidation;
using Microsoft.Extensions.Localization;

namespace FlowAdmin.Web.Features.Channels;

/// <summary>A customer's message to simulate on a Sandbox channel: from <see cref="Number"/>, with the profile name <see cref="Name"/>.</summary>
public sealed record SandboxInboundInput
{
    public string Number { get; set; } = "";
    public string Body { get; set; } = "";
    public string? Name { get; set; }
}

/// <summary>The line state to simulate on a Sandbox channel (CONNECTED, DISCONNECTED, ...).</summary>
public sealed record SandboxStatusInput
{
    public string Status { get; set; } = "";
}

/// <summary>What the answer of a simulated inbound message points to.</summary>
public sealed record SandboxInboundResult(int ContactId, int TicketId, Guid MessageId);

public sealed class SandboxInboundInputValidator : AbstractValidator<SandboxInboundInput>
{
    public SandboxInboundInputValidator(IStringLocalizer<ChannelsText> t)
    {
        RuleFor(x => x.Number).Matches(@"^\d{10,15}$").WithMessage(_ => t["Number.Invalid"]);
        RuleFor(x => x.Body).Cascade(CascadeMode.Stop)
            .NotEmpty().WithMessage(_ => t["Sandbox.BodyRequired"])
            .MaximumLength(4096).WithMessage(_ => t["Sandbox.BodyTooLong"]);
        RuleFor(x => x.Name).MaximumLength(200).WithMessage(_ => t["Sandbox.NameTooLong"]);
    }
}

/// <summary>
/// What a Sandbox channel lets a tenant simulate, as a real line would produce it: a customer's message, routed by
/// <see cref="TicketRouter.ReceiveAsync"/> like any inbound message, and a change of the line's status, saved by
/// <see cref="ChannelService"/> like an edit on the Canais screen (which raises ConnectionStatusUpdate).
/// A Cloud API channel is refused: its messages and status come from Meta, not from here.
/// </summary>
public sealed class ChannelSandbox(
    ChannelService channels, TicketRouter router, IValidator<SandboxInboundInput> inboundValidator, IStringLocalizer<ChannelsText> t)
{
    public async Task<SandboxInboundResult> ReceiveAsync(int channelId, SandboxInboundInput input, CancellationToken ct)
    {
        await SandboxChannelAsync(channelId, ct);
        await inboundValidator.ValidateAndThrowAsync(input, ct);
        var routed = await router.ReceiveAsync(new InboundMessage(channelId, input.Number, input.Body, input.Name), ct);
        return new SandboxInboundResult(routed.ContactId, routed.TicketId, routed.MessageId!.Value);
    }

    public async Task<ChannelRow> SetStatusAsync(int channelId, SandboxStatusInput input, CancellationToken ct)
    {
        var channel = await SandboxChannelAsync(channelId, ct);
        // The stored channel with only its status changed: the same validation and event as the screen's edit.
        return await channels.UpdateAsync(channelId, channel with { Status = input.Status }, ct);
    }

    private async Task<ChannelInput> SandboxChannelAsync(int channelId, CancellationToken ct)
    {
        var channel = await channels.GetAsync(channelId, ct) ?? throw Refuse.NotFound(nameof(Channel), channelId);
        if (channel.Transport != ChannelTransport.Sandbox)
            throw Refuse.On(nameof(ChannelInput.Transport), t["Sandbox.Only"]);
        return channel;
    }
}
