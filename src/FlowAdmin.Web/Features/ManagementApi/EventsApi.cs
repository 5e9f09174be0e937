using System.Text.Json.Nodes;
using FlowAdmin.Web.Features.Events;
using FlowAdmin.Web.Features.Webhooks;

namespace FlowAdmin.Web.Features.ManagementApi;

/// <summary>An event a webhook can subscribe to, with the example payload the "?" dialog shows.</summary>
public sealed record EventExample(string Name, JsonNode Example);

/// <summary><c>/api/v1/events</c>: the ten platform events, in the source's order, with their examples.</summary>
public static class EventsApi
{
    public static void Map(RouteGroupBuilder group)
    {
        group.MapGet("/", () => EventNames.All.Select(Example).ToList())
            .WithSummary("The ten events a webhook can subscribe to, each with an example payload.");

        group.MapGet("/{name}", (string name) =>
            EventNames.All.FirstOrDefault(e => string.Equals(e, name, StringComparison.OrdinalIgnoreCase)) is { } known
                ? Example(known)
                : throw new KeyNotFoundException($"No event {name}."))
            .WithSummary("One event's example payload (the name as in the list, e.g. NewMessage).");
    }

    // The "?" dialog's own text, so the API and the screen can never show different examples.
    private static EventExample Example(string name) => new(name, JsonNode.Parse(EventExamples.Json(name))!);
}
