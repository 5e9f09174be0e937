using System.Text.Json;
using System.Text.Json.Serialization;
using FlowAdmin.Web.Routing;

namespace FlowAdmin.Web.Features.Push;

public sealed record PushNote(string? Body, string? MediaUrl);

/// <summary>
/// A push request body (SPEC §4), read field by field from strict JSON so each wrongly typed field is
/// reported by name. Unknown fields are ignored, as the source's clients may send more.
/// </summary>
public sealed class PushBody
{
    public string? Number { get; private set; }
    public string? Body { get; private set; }
    public string? ExternalKey { get; private set; }
    public string? MediaUrl { get; private set; }
    public string? TemplateId { get; private set; }
    public List<string>? Params { get; private set; }
    public int? UserId { get; private set; }
    public bool OnlyNote { get; private set; }
    public PushNote? Note { get; private set; }
    public bool ForceTicketToUser { get; private set; }
    public bool ForceTicketToDepartment { get; private set; }
    public int? QueueId { get; private set; }
    public bool ForceTicketToClosed { get; private set; }
    public int? ClosingReasonId { get; private set; }

    /// <summary>Type errors by field (JSON names).</summary>
    [JsonIgnore] // parsing results, not fields of the body (hidden from the OpenAPI schema)
    public Dictionary<string, string> TypeErrors { get; } = [];

    [JsonIgnore]
    public RoutingFlags Flags => new()
    {
        ForceTicketToClosed = ForceTicketToClosed,
        ClosingReasonId = ClosingReasonId,
        ForceTicketToDepartment = ForceTicketToDepartment,
        QueueId = QueueId,
        ForceTicketToUser = ForceTicketToUser,
        UserId = UserId,
        OnlyNote = OnlyNote,
        HasNote = Note is not null,
    };

    /// <summary>Parses; throws <see cref="JsonException"/> (with line and position) on malformed JSON.</summary>
    public static PushBody Parse(ReadOnlySpan<byte> utf8)
    {
        using var document = JsonDocument.Parse(utf8.ToArray(), new JsonDocumentOptions { AllowTrailingCommas = false, CommentHandling = JsonCommentHandling.Disallow, MaxDepth = 16 });
        var body = new PushBody();
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            body.TypeErrors["$"] = "The body must be a JSON object.";
            return body;
        }
        body.Number = body.String(root, "number");
        body.Body = body.String(root, "body");
        body.ExternalKey = body.String(root, "externalKey");
        body.MediaUrl = body.String(root, "mediaUrl");
        body.TemplateId = body.String(root, "templateId");
        body.Params = body.Strings(root, "params");
        body.UserId = body.Int(root, "userId", allowString: false);
        body.OnlyNote = body.Bool(root, "onlyNote");
        body.ForceTicketToUser = body.Bool(root, "forceTicketToUser");
        body.ForceTicketToDepartment = body.Bool(root, "forceTicketToDepartment");
        body.QueueId = body.Int(root, "queueId", allowString: true);
        body.ForceTicketToClosed = body.Bool(root, "forceTicketToClosed");
        body.ClosingReasonId = body.Int(root, "closingReasonId", allowString: false);
        if (root.TryGetProperty("note", out var note) && note.ValueKind != JsonValueKind.Null)
        {
            if (note.ValueKind == JsonValueKind.Object)
                body.Note = new PushNote(body.String(note, "body", "note.body"), body.String(note, "mediaUrl", "note.mediaUrl"));
            else
                body.TypeErrors["note"] = "note must be an object {\"body\": ..., \"mediaUrl\": ...}.";
        }
        return body;
    }

    private string? String(JsonElement parent, string name, string? path = null)
    {
        if (!parent.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null) return null;
        if (value.ValueKind == JsonValueKind.String) return value.GetString();
        TypeErrors[path ?? name] = $"{path ?? name} must be a string.";
        return null;
    }

    private List<string>? Strings(JsonElement parent, string name)
    {
        if (!parent.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null) return null;
        if (value.ValueKind == JsonValueKind.Array && value.EnumerateArray().All(v => v.ValueKind == JsonValueKind.String))
            return [.. value.EnumerateArray().Select(v => v.GetString()!)];
        TypeErrors[name] = $"{name} must be an array of strings.";
        return null;
    }

    private int? Int(JsonElement parent, string name, bool allowString)
    {
        if (!parent.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null) return null;
        if (value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number)) return number;
        if (allowString && value.ValueKind == JsonValueKind.String && int.TryParse(value.GetString(), System.Globalization.NumberStyles.None, null, out var parsed))
            return parsed;
        TypeErrors[name] = allowString ? $"{name} must be an integer or a string of digits." : $"{name} must be an integer.";
        return null;
    }

    private bool Bool(JsonElement parent, string name)
    {
        if (!parent.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null) return false;
        if (value.ValueKind is JsonValueKind.True or JsonValueKind.False) return value.GetBoolean();
        TypeErrors[name] = $"{name} must be true or false.";
        return false;
    }
}
