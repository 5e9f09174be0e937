using FlowAdmin.Web.Components.Shared;
using FlowAdmin.Web.Features.Events;

namespace FlowAdmin.Web.Features.Webhooks;

/// <summary>
/// The "?" example of an event: <see cref="EventPayloads.Example"/> (the builder real deliveries use, on sample
/// data) pretty-printed; <see cref="JsonCode"/> colours it.
/// </summary>
public static class EventExamples
{
    public static string Json(string eventName) => EventPayloads.Example(eventName).ToJsonString(JsonHighlight.Indented);
}
