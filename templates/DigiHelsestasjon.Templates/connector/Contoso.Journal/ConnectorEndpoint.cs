using DigiHelsestasjon.Epj.Sdk;
using DigiHelsestasjon.Epj.Sdk.Http;

namespace Contoso.Journal;

/// <summary>The signed HTTP endpoint the platform calls: <c>{prefix}/{operation}</c>. The SDK's handler checks the
/// signature, the timestamp and replays, reads the JSON and calls the connector.</summary>
public static class ConnectorEndpoint
{
    public static IEndpointConventionBuilder MapEpjConnector(this IEndpointRouteBuilder endpoints, IEpjConnector connector, Func<string, string?> secretOf, string prefix = "/epj")
    {
        var handler = new EpjConnectorRequestHandler(connector, secretOf);
        return endpoints.Map(prefix + "/{operation}", async (HttpContext http, string operation) =>
        {
            using var body = new MemoryStream();
            await http.Request.Body.CopyToAsync(body, http.RequestAborted);
            var answer = await handler.HandleAsync(
                http.Request.Method, http.Request.Path + http.Request.QueryString, operation, name => http.Request.Headers[name].FirstOrDefault(), body.ToArray(), http.RequestAborted);
            return Results.Content(answer.Body, answer.StatusCode >= 400 ? "application/problem+json" : "application/json", statusCode: answer.StatusCode);
        });
    }
}
