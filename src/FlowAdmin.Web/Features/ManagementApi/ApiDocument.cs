using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace FlowAdmin.Web.Features.ManagementApi;

/// <summary>
/// The OpenAPI document (<c>/openapi/v1.json</c>, read by the Scalar page at <c>/scalar</c>): its title, and the
/// API key as a Bearer scheme required by every <c>/api/v1</c> route and by the push route that takes its token as
/// a bearer. Added here, after the components exist, because a requirement must point at a declared scheme.
/// </summary>
public sealed class ApiDocument : IOpenApiDocumentTransformer
{
    public const string Title = "FlowAdmin API";
    public const string BearerScheme = "Bearer";

    /// <summary>The app's HTTP API only: the pages' own form posts (sign-in, culture) are not part of it.</summary>
    public static bool Includes(Microsoft.AspNetCore.Mvc.ApiExplorer.ApiDescription description) =>
        description.RelativePath?.StartsWith("api/", StringComparison.Ordinal) == true;

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Info.Title = Title;
        document.Info.Description =
            "The management API (/api/v1: what the settings screens do, with an API key from Configurações > Chaves de API) " +
            "and the push API (/api/push: send a message with an API config's token, as in the source).";
        document.AddComponent(BearerScheme, new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            Description = "/api/v1: an API key (fak_…), admin or read-only. POST /api/push: the API config's push token.",
        });
        var requirement = new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(BearerScheme, document)] = [] };
        foreach (var (path, item) in document.Paths)
        {
            if (!path.StartsWith(ManagementApi.Prefix + "/", StringComparison.Ordinal) && path != Push.PushApiDocs.BearerPath) continue;
            if (item.Operations is null) continue;
            foreach (var operation in item.Operations.Values)
                (operation.Security ??= []).Add(requirement);
        }
        return Task.CompletedTask;
    }
}
