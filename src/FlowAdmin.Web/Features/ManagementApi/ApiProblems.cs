using System.Text.Json;
using System.Text.RegularExpressions;
using FluentValidation;
using Microsoft.AspNetCore.Diagnostics;

namespace FlowAdmin.Web.Features.ManagementApi;

/// <summary>
/// RFC 9457 problem details for every refusal of the management API, written by one middleware around its
/// endpoints: the services' <see cref="ValidationException"/> (422, by field), <see cref="KeyNotFoundException"/>
/// (404: missing and another tenant's look the same), and unreadable input (400, saying where it broke).
/// </summary>
public sealed partial class ApiProblems(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext http)
    {
        // Pages answer errors with the not-found page; an API client wants the status and a JSON body.
        if (http.Features.Get<IStatusCodePagesFeature>() is { } pages) pages.Enabled = false;
        try
        {
            await next(http);
        }
        catch (ValidationException ex) when (!http.Response.HasStarted)
        {
            var errors = ex.Errors.GroupBy(e => JsonPath(e.PropertyName)).ToDictionary(g => g.Key, g => g.Select(e => e.ErrorMessage).ToArray());
            await WriteAsync(http, StatusCodes.Status422UnprocessableEntity, "The request was refused; see errors.", errors);
        }
        catch (KeyNotFoundException) when (!http.Response.HasStarted)
        {
            await WriteAsync(http, StatusCodes.Status404NotFound, null);
        }
        catch (BadHttpRequestException ex) when (!http.Response.HasStarted)
        {
            // The JSON reader's message names the path, line and byte where the body broke.
            var detail = ex.InnerException is JsonException json ? json.Message : ex.Message;
            await WriteAsync(http, ex.StatusCode, detail);
        }
    }

    public static Task WriteAsync(HttpContext http, int status, string? detail, IDictionary<string, string[]>? errors = null)
    {
        var problem = new HttpValidationProblemDetails(errors ?? new Dictionary<string, string[]>())
        {
            Status = status,
            Title = ReasonPhrase(status),
            Type = $"https://www.rfc-editor.org/rfc/rfc9110#status.{status}",
            Detail = detail,
        };
        if (errors is null) problem.Errors.Clear();
        http.Response.StatusCode = status;
        return http.Response.WriteAsJsonAsync<object>(errors is null ? ToPlain(problem) : problem, JsonOptions, "application/problem+json");
    }

    private static Microsoft.AspNetCore.Mvc.ProblemDetails ToPlain(Microsoft.AspNetCore.Mvc.ProblemDetails p) =>
        new() { Status = p.Status, Title = p.Title, Type = p.Type, Detail = p.Detail };

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);

    private static string ReasonPhrase(int status) => Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(status);

    /// <summary>"Headers[0].Value" → "headers[0].value": the body's own (camelCase) names.</summary>
    public static string JsonPath(string property) =>
        string.Join('.', property.Split('.').Select(part => part.Length == 0 ? part : char.ToLowerInvariant(part[0]) + part[1..]));
}
