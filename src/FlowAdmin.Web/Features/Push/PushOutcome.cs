using System.Text.Json.Nodes;

namespace FlowAdmin.Web.Features.Push;

/// <summary>What the push endpoint answers: a status, a JSON body and extra headers.</summary>
public sealed record PushOutcome(int Status, string Body, string ContentType = "application/json", IReadOnlyDictionary<string, string>? Headers = null)
{
    public bool Accepted => Status == StatusCodes.Status200OK;

    public static PushOutcome Ok(long id) =>
        new(StatusCodes.Status200OK, new JsonObject { ["message"] = "Message add queue", ["id"] = id }.ToJsonString());

    /// <summary>An RFC 9457 problem details body; <paramref name="errors"/> names the fields.</summary>
    public static PushOutcome Problem(int status, string title, string? detail = null, IReadOnlyDictionary<string, string[]>? errors = null)
    {
        var json = new JsonObject
        {
            ["type"] = $"https://www.rfc-editor.org/rfc/rfc9110#status.{status}",
            ["title"] = title,
            ["status"] = status,
        };
        if (detail is not null) json["detail"] = detail;
        if (errors is { Count: > 0 })
            json["errors"] = new JsonObject(errors.Select(e => KeyValuePair.Create(e.Key, (JsonNode?)new JsonArray([.. e.Value.Select(m => (JsonNode)m)]))));
        return new(status, json.ToJsonString(), "application/problem+json");
    }

    public static readonly PushOutcome NotFound = Problem(StatusCodes.Status404NotFound, "Not Found");
}
