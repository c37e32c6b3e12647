using DigiHelsestasjon.BuildingBlocks.Mediation;
using DigiHelsestasjon.BuildingBlocks.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ApiExplorer;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;
using Swashbuckle.AspNetCore.SwaggerUI;

namespace DigiHelsestasjon.Host.Infrastructure;

/// <summary>The API's OpenAPI document. Endpoints declare the problems only their handlers answer (<c>ProducesProblem</c>:
/// 404, 409, 422, 503); the ones every endpoint of a kind answers are added here from its metadata, in one place.</summary>
internal static class PlatformOpenApi
{
    public static IServiceCollection AddPlatformOpenApi(this IServiceCollection services)
    {
        services.AddEndpointsApiExplorer();
        services.AddSwaggerGen(options =>
        {
            options.SwaggerDoc("v1", new() { Title = "DigiHelsestasjon", Version = "v1" });

            // The simulators stand in for national services in development and tests: a document of their own, so the
            // platform's tells only what the platform answers.
            options.SwaggerDoc(SimulatorsDocument, new() { Title = "DigiHelsestasjon simulators", Version = "v1" });
            options.DocInclusionPredicate((document, api) => (document == SimulatorsDocument) == IsSimulator(api.RelativePath));
            options.CustomSchemaIds(SchemaId);
            options.AddSecurityDefinition("Bearer", new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                BearerFormat = "JWT",
                Description = "A token from ID-porten, Feide or HelseID (or their simulators: POST /simulators/idporten/token).",
            });
            options.OperationFilter<ProblemAnswersByConvention>();
        });
        services.Configure<SwaggerUIOptions>(options =>
        {
            options.SwaggerEndpoint("v1/swagger.json", "DigiHelsestasjon");
            options.SwaggerEndpoint($"{SimulatorsDocument}/swagger.json", "Simulators");
        });
        return services;
    }

    private const string SimulatorsDocument = "simulators";

    private static bool IsSimulator(string? relativePath) => relativePath?.StartsWith("simulators/", StringComparison.Ordinal) == true;

    /// <summary>The type's full name; a generic one (anonymous types are) as its name with its arguments', since the CLR's
    /// name for it (assembly-qualified arguments, backticks, brackets) is no valid component name.</summary>
    private static string SchemaId(Type type)
    {
        if (!type.IsGenericType)
        {
            return type.FullName!.Replace('+', '.');
        }

        var definition = type.GetGenericTypeDefinition().FullName!;
        var name = definition[..definition.IndexOf('`', StringComparison.Ordinal)].Replace('+', '.').Replace("<>f__", "", StringComparison.Ordinal);
        return name + "Of" + string.Join("And", type.GetGenericArguments().Select(argument => SchemaId(argument).Split('.')[^1]));
    }
}

/// <summary>Adds the problem answers an endpoint gives because of what it is, not what it does: 401/403 where it needs a
/// login and a policy, 404 where a subject or municipality check refuses (never 403: the caller may not learn it exists),
/// 400 where it binds something the caller can get wrong, 413 for uploads, 415 for JSON bodies, 429 where the rate limiter
/// counts. All as application/problem+json, the shape ProblemDetailsExceptionHandler writes.</summary>
internal sealed class ProblemAnswersByConvention : IOperationFilter
{
    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        var metadata = context.ApiDescription.ActionDescriptor.EndpointMetadata;
        var path = "/" + context.ApiDescription.RelativePath;
        var anonymous = metadata.OfType<IAllowAnonymous>().Any();
        var authorize = metadata.OfType<IAuthorizeData>().ToList();

        if (ReadsSomethingTheCallerCanGetWrong(context.ApiDescription, metadata))
        {
            Add(operation, context, StatusCodes.Status400BadRequest, "The request is not valid: `errors` names each field and what it takes.", typeof(HttpValidationProblemDetails));
        }

        // Which operations take the bearer token (the linter's security-defined): an anonymous one says it needs none.
        operation.Security = authorize.Count > 0 && !anonymous
            ? [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference("Bearer", context.Document)] = [] }]
            : [];

        if (authorize.Count > 0 && !anonymous)
        {
            Add(operation, context, StatusCodes.Status401Unauthorized, "No valid token, or a login below the level of assurance the endpoint needs.");
            if (authorize.Any(a => a.Policy is not null || a.Roles is not null))
            {
                Add(operation, context, StatusCodes.Status403Forbidden, "The token is valid but of the wrong kind or role for this endpoint.");
            }
        }

        if (metadata.OfType<SubjectAccessRequirement>().Any() || metadata.OfType<MunicipalityScopeRequirement>().Any())
        {
            Add(operation, context, StatusCodes.Status404NotFound, "Not found, or not the caller's to see (refusals are answered as not found).");
        }

        if (context.ApiDescription.SupportedRequestFormats.Any(f => f.MediaType == "multipart/form-data"))
        {
            Add(operation, context, StatusCodes.Status413PayloadTooLarge, "The upload is larger than the platform takes.");
        }
        else if (context.ApiDescription.ParameterDescriptions.Any(p => p.Source == BindingSource.Body))
        {
            Add(operation, context, StatusCodes.Status415UnsupportedMediaType, "The body is not application/json.");
        }

        if (PlatformRateLimiting.Limits(path))
        {
            Add(operation, context, StatusCodes.Status429TooManyRequests, "Too many requests: try again after the seconds in Retry-After.");
        }

        // A typed NotFound or Unauthorized has no body of its own: the status code pages write problem details for it.
        var responses = operation.Responses ??= [];
        foreach (var (status, response) in responses.Where(r => r.Key.StartsWith('4') && r.Value.Content is not { Count: > 0 }).ToList())
        {
            responses[status] = Problem(context, response.Description ?? status, typeof(ProblemDetails));
        }
    }

    /// <summary>A body, a query or header value, a route value without a type constraint (it fails binding, not routing)
    /// or text under the free-text rule: each answers 400 naming the field when it cannot be read.</summary>
    private static bool ReadsSomethingTheCallerCanGetWrong(ApiDescription description, IList<object> metadata)
    {
        var freeText = metadata.OfType<FreeTextRule.Checked>().Any();
        return description.ParameterDescriptions.Any(p =>
            p.Source == BindingSource.Body || p.Source == BindingSource.Form || p.Source == BindingSource.Query || p.Source == BindingSource.Header
            || (p.Source == BindingSource.Path && ((p.RouteInfo?.Constraints?.Any() != true && p.Type != typeof(string)) || (freeText && p.Type == typeof(string)))));
    }

    private static void Add(OpenApiOperation operation, OperationFilterContext context, int status, string description, Type? schema = null)
    {
        operation.Responses ??= [];
        var key = status.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (operation.Responses.ContainsKey(key))
        {
            return;
        }

        operation.Responses[key] = Problem(context, description, schema ?? typeof(ProblemDetails));
    }

    private static OpenApiResponse Problem(OperationFilterContext context, string description, Type schema) => new()
    {
        Description = description,
        Content = new Dictionary<string, IOpenApiMediaType>
        {
            ["application/problem+json"] = new OpenApiMediaType { Schema = context.SchemaGenerator.GenerateSchema(schema, context.SchemaRepository) },
        },
    };
}
