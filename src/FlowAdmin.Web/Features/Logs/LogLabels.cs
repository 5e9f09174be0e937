using FlowAdmin.Data.Entities;
using Microsoft.Extensions.Localization;

namespace FlowAdmin.Web.Features.Logs;

/// <summary>How the grid and the dialog spell a type, a status and a time.</summary>
public static class LogLabels
{
    private const int ErrorPreview = 60;

    public static string Type(IStringLocalizer<LogsText> t, LogType type) => type == LogType.Push ? t["Type.Push"] : t["Type.Webhook"];

    /// <summary>"Sucesso 200", "Falha 422", or "Falha: connection refused" when no HTTP status came back.</summary>
    public static string Status(IStringLocalizer<LogsText> t, bool success, int? httpStatus, string? error)
    {
        var word = success ? t["Status.Success"] : t["Status.Failure"];
        if (httpStatus is { } s) return $"{word} {s}";
        if (string.IsNullOrWhiteSpace(error)) return word;
        return $"{word}: {(error.Length > ErrorPreview ? error[..ErrorPreview] + "…" : error)}";
    }

    /// <summary>A stored UTC time in the viewer's time zone, in the UI culture's format.</summary>
    public static string Date(DateTime utc, TimeZoneInfo zone) => Common.BrowserTimeZone.Format(utc, zone);
}
