using System.Globalization;
using System.Text;
using FlowAdmin.Data.Entities;
using FlowAdmin.Web.Hosting;
using Microsoft.Extensions.Localization;

namespace FlowAdmin.Web.Features.Logs;

/// <summary>
/// GET /logs/export.csv?{the grid's filters}: the filtered list as CSV, written row by row as the
/// database returns them (memory stays flat however many rows match). Any signed-in user of the
/// tenant may export; the file holds no headers and no bodies, so nothing secret can be in it.
/// </summary>
public static class LogCsv
{
    public const string Path = "/logs/export.csv";
    private const int FlushEvery = 500;

    public static IEndpointRouteBuilder MapLogExport(this IEndpointRouteBuilder app)
    {
        app.MapGet(Path, ExportAsync).RequireAuthorization(Policies.Member).WithDisplayName("Logs CSV export");
        return app;
    }

    private static async Task ExportAsync(HttpContext http, LogService logs, IStringLocalizer<LogsText> t, CancellationToken ct)
    {
        var (filter, invalid) = LogQueryString.Parse(http.Request.Query.ToDictionary(q => q.Key, q => q.Value));
        if (invalid.Count > 0)
        {
            await Results.ValidationProblem(invalid.ToDictionary(k => k, k => new[] { LogQueryString.InvalidMessage(t, k) }), title: t["Filter.InvalidTitle"])
                .ExecuteAsync(http);
            return;
        }
        await StreamAsync(http.Response, logs, filter, t, ct);
    }

    /// <summary>The download itself, for this endpoint and the management API's <c>GET /api/v1/logs/export.csv</c>.</summary>
    public static async Task StreamAsync(HttpResponse response, LogService logs, LogFilter filter, IStringLocalizer<LogsText> t, CancellationToken ct)
    {
        response.ContentType = "text/csv; charset=utf-8";
        response.Headers.ContentDisposition = $"attachment; filename=\"logs-{DateTime.UtcNow:yyyyMMdd-HHmmss}.csv\"";
        await WriteAsync(response.Body, logs.ExportAsync(filter, ct), Header(t), ct);
    }

    public static string[] Header(IStringLocalizer<LogsText> t) =>
    [
        t["Column.Id"], t["Column.Type"], t["Column.Name"], t["Column.Event"], t["Csv.Success"], t["Csv.HttpStatus"], t["Csv.Error"],
        t["Filter.ExternalKey"], t["Filter.Number"], t["Csv.DurationMs"], t["Csv.Attempt"], t["Csv.DeliveryId"], t["Csv.CreatedAtUtc"],
    ];

    /// <summary>Writes the header and every row, flushing every few hundred rows so the client receives it as it goes.</summary>
    public static async Task<int> WriteAsync(Stream output, IAsyncEnumerable<LogExportRow> rows, IReadOnlyList<string> header, CancellationToken ct)
    {
        await using var writer = new StreamWriter(output, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), bufferSize: 16 * 1024, leaveOpen: true);
        var line = new StringBuilder(256);
        await writer.WriteLineAsync(string.Join(',', header.Select(Field)));
        var count = 0;
        await foreach (var r in rows.WithCancellation(ct))
        {
            line.Clear()
                .Append(r.Id.ToString(CultureInfo.InvariantCulture)).Append(',')
                .Append(r.Type == LogType.Push ? "API (Push)" : "Webhook").Append(',')
                .Append(Field(r.ConfigName)).Append(',')
                .Append(Field(r.Event)).Append(',')
                .Append(r.Success ? "true" : "false").Append(',')
                .Append(r.HttpStatus?.ToString(CultureInfo.InvariantCulture)).Append(',')
                .Append(Field(r.Error)).Append(',')
                .Append(Field(r.ExternalKey)).Append(',')
                .Append(Field(r.Number)).Append(',')
                .Append(r.DurationMs.ToString(CultureInfo.InvariantCulture)).Append(',')
                .Append(r.Attempt?.ToString(CultureInfo.InvariantCulture)).Append(',')
                .Append(r.DeliveryId?.ToString(CultureInfo.InvariantCulture)).Append(',')
                .Append(r.CreatedAt.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
            await writer.WriteLineAsync(line, ct);
            if (++count % FlushEvery == 0) await writer.FlushAsync(ct);
        }
        await writer.FlushAsync(ct);
        return count;
    }

    /// <summary>
    /// RFC 4180 quoting, and a leading apostrophe on text a spreadsheet would run as a formula
    /// (=, +, -, @): a config name or an error text comes from outside.
    /// </summary>
    public static string Field(string? value)
    {
        if (string.IsNullOrEmpty(value)) return "";
        if (value[0] is '=' or '+' or '-' or '@' or '\t' or '\r') value = "'" + value;
        return value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + value.Replace("\"", "\"\"") + "\"" : value;
    }
}
