using System.Text.Json.Nodes;
using Microsoft.OpenApi;

namespace FlowAdmin.Web.Features.Push;

/// <summary>
/// How the push routes appear in the OpenAPI document. The endpoint reads its body itself (to name each wrongly
/// typed field), so the body's shape and the source's examples (<see cref="PushExamples"/>) are declared here.
/// </summary>
public static class PushApiDocs
{
    public const string TokenPath = "/api/push/{token}";
    public const string BearerPath = "/api/push";

    public static RouteHandlerBuilder DescribedAsPush(this RouteHandlerBuilder route, bool bearer) => route
        .WithTags("push")
        .WithSummary(bearer ? "Sends a message; the API config's token goes in Authorization: Bearer." : "Sends a message; the token is the last segment of the API config's URL.")
        .WithDescription("The message is queued and sent in order (200 \"Message add queue\" with the queued id). " +
            "number, externalKey and body (or templateId on WABA channels) are required; refusals are problem details naming the field. " +
            "An unknown or rotated token answers 404.")
        .Produces(StatusCodes.Status200OK)
        .ProducesProblem(StatusCodes.Status400BadRequest)
        .ProducesProblem(StatusCodes.Status404NotFound)
        .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
        .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
        .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity)
        .ProducesProblem(StatusCodes.Status429TooManyRequests)
        // Not .Accepts<PushBody>(): that metadata makes routing refuse other content types itself, before the
        // endpoint's own (logged) 415. The body is described here instead.
        .AddOpenApiOperationTransformer(async (operation, context, ct) =>
        {
            operation.RequestBody = new OpenApiRequestBody
            {
                Required = true,
                Content = new Dictionary<string, OpenApiMediaType>
                {
                    ["application/json"] = new()
                    {
                        Schema = await context.GetOrCreateSchemaAsync(typeof(PushBody), null, ct),
                        Examples = new Dictionary<string, IOpenApiExample>
                        {
                            ["text"] = Example("Texto", PushExamples.Text),
                            ["media"] = Example("Imagem, vídeo, áudio ou documento (body é a legenda)", PushExamples.Media),
                            ["whatsappFull"] = Example("WhatsApp: todos os campos", PushExamples.WhatsappFull),
                            ["waba"] = Example("API Oficial (WABA): template", PushExamples.Waba),
                        },
                    },
                },
            };
            // The answer has no CLR type either (the endpoint writes it itself): its example is the app's own answer.
            if (operation.Responses?.TryGetValue("200", out var ok) == true && ok is OpenApiResponse accepted)
                (accepted.Content ??= new Dictionary<string, OpenApiMediaType>())["application/json"] = new OpenApiMediaType { Example = JsonNode.Parse(PushOutcome.Ok(1).Body) };
        });

    private static OpenApiExample Example(string summary, string json) => new() { Summary = summary, Value = JsonNode.Parse(json) };
}
