using System.Text.Json;
using System.Text.Json.Nodes;
using FlowAdmin.Data.Entities;

namespace FlowAdmin.Web.Features.Transports;

/// <summary>
/// The Graph API bodies of POST /{version}/{phoneNumberId}/messages for one FlowAdmin message: text, media
/// by link with its caption, or a template with body parameters. Pure, so every shape is unit-tested.
/// </summary>
public static class CloudApiPayloads
{
    /// <summary>Meta's limit for a media caption.</summary>
    public const int MaxCaption = 1024;

    /// <summary>
    /// The calls to make, in order. Usually one; a caption WhatsApp cannot carry (audio has none, and a
    /// caption over 1024 characters is refused) follows the media as a text message, so no text is lost.
    /// </summary>
    public static IReadOnlyList<JsonObject> For(string to, Message message, Template? template, MediaInfo? media)
    {
        if (message.TemplateId is not null)
            return [Template(to, message, template ?? throw new ArgumentNullException(nameof(template)))];
        if (message.MediaUrl is null)
            return [Text(to, message)];

        var type = GraphType(media?.Kind ?? message.MediaType, media?.ContentType);
        var caption = message.Body;
        var captionFits = type != "audio" && caption.Length <= MaxCaption;
        var mediaObject = new JsonObject { ["link"] = message.MediaUrl };
        if (captionFits && caption.Length > 0) mediaObject["caption"] = caption;
        if (type == "document") mediaObject["filename"] = media?.FileName ?? message.MediaName ?? "file";
        var payload = Envelope(to, message, type);
        payload[type] = mediaObject;
        return captionFits || caption.Length == 0 ? [payload] : [payload, Text(to, message)];
    }

    /// <summary>
    /// The Graph type for a mediaType. WhatsApp shows images only as JPEG/PNG and videos only as MP4/3GPP;
    /// anything else it accepts as a document, so a GIF or a WebM still reaches the contact as a file.
    /// </summary>
    public static string GraphType(string kind, string? contentType) => kind switch
    {
        "image" when contentType is null or "image/jpeg" or "image/png" => "image",
        "video" when contentType is null or "video/mp4" or "video/3gpp" => "video",
        "audio" => "audio",
        _ => "document",
    };

    /// <summary>The message id Meta assigned ("wamid...."), or null when the answer has none.</summary>
    public static string? MessageId(string responseBody)
    {
        try
        {
            return JsonNode.Parse(responseBody)?["messages"]?[0]?["id"]?.GetValue<string>();
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            return null;
        }
    }

    /// <summary>Graph's error as one sentence: its message, code and details (the body itself when it is not Graph's JSON).</summary>
    public static string Error(int status, string responseBody)
    {
        string? detail = null;
        try
        {
            if (JsonNode.Parse(responseBody)?["error"] is JsonObject error)
            {
                var codes = string.Join(", ", new[] { ("code", error["code"]), ("subcode", error["error_subcode"]) }
                    .Where(c => c.Item2 is not null).Select(c => $"{c.Item1} {c.Item2!.ToJsonString()}"));
                detail = (string?)error["message"] ?? "no message";
                if (codes.Length > 0) detail += $" ({codes})";
                if (error["error_data"]?["details"] is JsonValue details) detail += $": {(string?)details}";
            }
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            // not JSON: the raw body below
        }
        detail ??= responseBody.Length > 300 ? responseBody[..300] + "…" : responseBody;
        return $"Cloud API answered HTTP {status}: {detail}";
    }

    private static JsonObject Text(string to, Message message)
    {
        var payload = Envelope(to, message, "text");
        payload["text"] = new JsonObject
        {
            // WhatsApp shows a preview of the first link only when asked to.
            ["preview_url"] = message.Body.Contains("https://", StringComparison.OrdinalIgnoreCase) || message.Body.Contains("http://", StringComparison.OrdinalIgnoreCase),
            ["body"] = message.Body,
        };
        return payload;
    }

    private static JsonObject Template(string to, Message message, Template template)
    {
        var body = new JsonObject
        {
            ["name"] = template.Name,
            ["language"] = new JsonObject { ["code"] = template.Language },
        };
        if (message.TemplateParams.Count > 0)
            body["components"] = new JsonArray(new JsonObject
            {
                ["type"] = "body",
                ["parameters"] = new JsonArray([.. message.TemplateParams.Select(p => (JsonNode)new JsonObject { ["type"] = "text", ["text"] = p })]),
            });
        var payload = Envelope(to, message, "template");
        payload["template"] = body;
        return payload;
    }

    /// <summary>
    /// biz_opaque_callback_data carries FlowAdmin's message id: Meta returns it in its status webhooks, so
    /// delivered/read acks can be matched to the message without a lookup by wamid.
    /// </summary>
    private static JsonObject Envelope(string to, Message message, string type) => new()
    {
        ["messaging_product"] = "whatsapp",
        ["recipient_type"] = "individual",
        ["to"] = to,
        ["type"] = type,
        ["biz_opaque_callback_data"] = message.Id.ToString(),
    };
}
