using System.Globalization;
using System.Text.Json;
using Microsoft.JSInterop;

namespace FlowAdmin.Web.Features.Common;

/// <summary>Times are stored in UTC and shown in the viewer's own time zone, read from the browser.</summary>
public static class BrowserTimeZone
{
    /// <summary>The browser's time zone (IANA id), or null when it cannot be read (prerendering, an unknown id).</summary>
    public static async Task<TimeZoneInfo?> ReadAsync(IJSRuntime js)
    {
        try
        {
            await using var format = await js.InvokeConstructorAsync("Intl.DateTimeFormat");
            var options = await format.InvokeAsync<JsonElement>("resolvedOptions");
            return options.ValueKind == JsonValueKind.Object && options.TryGetProperty("timeZone", out var id)
                && TimeZoneInfo.TryFindSystemTimeZoneById(id.GetString() ?? "", out var zone) ? zone : null;
        }
        catch (JSException)
        {
            return null;
        }
    }

    /// <summary>A stored UTC time in <paramref name="zone"/>, in the UI culture's format.</summary>
    public static string Format(DateTime utc, TimeZoneInfo zone) =>
        TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), zone).ToString("G", CultureInfo.CurrentCulture);
}
