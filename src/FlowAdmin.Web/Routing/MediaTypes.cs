namespace FlowAdmin.Web.Routing;

/// <summary>The message's mediaType from a media link, until the download tells the real content type.</summary>
public static class MediaTypes
{
    private static readonly Dictionary<string, string> ByExtension = new(StringComparer.OrdinalIgnoreCase)
    {
        [".jpg"] = "image", [".jpeg"] = "image", [".png"] = "image", [".gif"] = "image", [".webp"] = "image",
        [".mp4"] = "video", [".3gp"] = "video", [".mov"] = "video",
        [".mp3"] = "audio", [".ogg"] = "audio", [".opus"] = "audio", [".m4a"] = "audio", [".aac"] = "audio", [".amr"] = "audio",
    };

    public static string FromUrl(string? url)
    {
        if (string.IsNullOrWhiteSpace(url)) return "chat";
        var path = Uri.TryCreate(url, UriKind.Absolute, out var uri) ? uri.AbsolutePath : url;
        return ByExtension.TryGetValue(Path.GetExtension(path), out var type) ? type : "document";
    }

    /// <summary>
    /// The mediaType from the content type the media's server declared; a missing or generic one
    /// (application/octet-stream, as many storage buckets send) falls back to the link's extension.
    /// </summary>
    public static string FromContentType(string? contentType, string url)
    {
        var type = contentType?.Split(';')[0].Trim().ToLowerInvariant();
        if (string.IsNullOrEmpty(type) || type is "application/octet-stream" or "binary/octet-stream") return FromUrl(url);
        if (type.StartsWith("image/", StringComparison.Ordinal)) return "image";
        if (type.StartsWith("video/", StringComparison.Ordinal)) return "video";
        if (type.StartsWith("audio/", StringComparison.Ordinal) || type == "application/ogg") return "audio";
        return "document";
    }
}
