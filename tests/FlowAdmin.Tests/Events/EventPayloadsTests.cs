using System.Text.Json.Nodes;
using FlowAdmin.Web.Features.Events;
using FlowAdmin.Web.Features.Webhooks;

namespace FlowAdmin.Tests.Events;

/// <summary>
/// The payloads are the public contract: each example must have exactly the keys, nesting and JSON
/// value kinds of the source document's example (SourceExamples/*.json, cleaned to strict JSON, with
/// StartedTicket's tenantId/event moved to the top level as SPEC §6 says).
/// </summary>
public sealed class EventPayloadsTests
{
    public static TheoryData<string> Events => new(EventNames.All);

    [Theory]
    [MemberData(nameof(Events))]
    public void The_example_has_every_key_and_the_nesting_of_the_source(string eventName)
    {
        var source = SourceExample(eventName);
        var ours = EventPayloads.Example(eventName);

        var differences = new List<string>();
        Compare(source, ours, "$", differences);
        Assert.True(differences.Count == 0, string.Join("\n", differences));
        Assert.Equal(eventName, (string?)ours["event"]);
        Assert.Equal(1, (int?)ours["tenantId"]);
    }

    /// <summary>The "?" dialog shows that same example, only pretty-printed: same keys, nesting and values.</summary>
    [Theory]
    [MemberData(nameof(Events))]
    public void The_question_mark_example_is_the_builders_output_pretty_printed(string eventName)
    {
        var shown = EventExamples.Json(eventName);

        var parsed = JsonNode.Parse(shown)!;
        Assert.True(JsonNode.DeepEquals(EventPayloads.Example(eventName), parsed), shown);
        var differences = new List<string>();
        Compare(SourceExample(eventName), parsed, "$", differences);
        Assert.True(differences.Count == 0, string.Join("\n", differences));
        Assert.Contains($"\n  \"event\": \"{eventName}\"", shown);
        // Highlighting only splits the text: put back together it is the JSON, and every key is tagged as a key.
        var tokens = FlowAdmin.Web.Components.Shared.JsonHighlight.Tokens(shown);
        Assert.Equal(shown, string.Concat(tokens.Select(t => t.Text)));
        Assert.Equal(CountKeys(parsed), tokens.Count(t => t.Kind == "key"));
    }

    [Fact]
    public void Timestamps_follow_the_source_formats()
    {
        var ticket = EventPayloads.Example(EventNames.NewTicket)["ticket"]!;
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$", (string)ticket["createdAt"]!);
        Assert.Equal("2023-06-05T12:07:09.586Z", (string)ticket["updatedAt"]!);
        Assert.Equal("1685966800586", (string)ticket["lastMessageAt"]!);
        Assert.Equal(1685966829586L, (long)ticket["startedAttendanceAt"]!);
    }

    private static JsonNode SourceExample(string eventName) =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Events", "SourceExamples", eventName + ".json")))!;

    private static int CountKeys(JsonNode? node) => node switch
    {
        JsonObject o => o.Count + o.Sum(p => CountKeys(p.Value)),
        JsonArray a => a.Sum(CountKeys),
        _ => 0,
    };

    private static void Compare(JsonNode? source, JsonNode? ours, string path, List<string> differences)
    {
        // A null in the source says nothing about the shape. A scalar may be null here (fields FlowAdmin
        // does not use, such as chatFlowId, are null by SPEC §6); an object or array in the source needs one here.
        if (source is null) return;
        if (ours is null && source is JsonValue) return;
        if (ours is null)
        {
            differences.Add($"{path}: null here, {source.GetValueKind()} in the source");
            return;
        }
        if (source.GetValueKind() != ours.GetValueKind()
            && !(IsBoolean(source) && IsBoolean(ours)))
        {
            differences.Add($"{path}: {ours.GetValueKind()} here, {source.GetValueKind()} in the source");
            return;
        }
        switch (source)
        {
            case JsonObject sourceObject:
                var ourObject = ours.AsObject();
                foreach (var missing in sourceObject.Select(p => p.Key).Except(ourObject.Select(p => p.Key)))
                    differences.Add($"{path}.{missing}: missing");
                foreach (var extra in ourObject.Select(p => p.Key).Except(sourceObject.Select(p => p.Key)))
                    differences.Add($"{path}.{extra}: not in the source");
                foreach (var (key, value) in sourceObject)
                    if (ourObject.TryGetPropertyValue(key, out var ourValue))
                        Compare(value, ourValue, $"{path}.{key}", differences);
                break;
            case JsonArray sourceArray when sourceArray.Count > 0 && ours.AsArray().Count > 0:
                Compare(sourceArray[0], ours.AsArray()[0], path + "[0]", differences);
                break;
        }
    }

    private static bool IsBoolean(JsonNode node) => node.GetValueKind() is System.Text.Json.JsonValueKind.True or System.Text.Json.JsonValueKind.False;
}
