using System.Collections;
using System.Collections.Concurrent;
using System.Reflection;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace DigiHelsestasjon.BuildingBlocks.Mediation;

/// <summary>One control-character rule for every text the platform takes over HTTP: each string in a route, query or
/// header parameter and in a JSON body (nested records and lists included) is refused with 400 naming its field when it
/// holds a control character (line breaks and tabs aside) or a direction override (<see cref="MessageText"/>). Fields
/// with rules of their own (one line, a length, not empty) keep them; this is the floor no field can forget. Every
/// module's routes get it (<see cref="Modules.PlatformServiceCollectionExtensions.MapPlatformModules"/>); an architecture
/// test fails for a route or a body field that escapes it.</summary>
public static class FreeTextRule
{
    /// <summary>Marks a route whose text parameters and body are checked.</summary>
    public sealed record Checked;

    /// <summary>The routes in this group (a module's) get the rule.</summary>
    public static RouteGroupBuilder WithFreeTextRule(this RouteGroupBuilder group)
    {
        ArgumentNullException.ThrowIfNull(group);
        group.WithMetadata(new Checked());
        group.AddEndpointFilterFactory((context, next) =>
        {
            var parameters = context.MethodInfo.GetParameters();
            var checkedAt = Enumerable.Range(0, parameters.Length).Where(i => IsText(parameters[i], context.ApplicationServices)).ToArray();
            return checkedAt.Length == 0 ? next : invocation =>
            {
                var failures = new List<ValidationFailure>();
                foreach (var i in checkedAt)
                {
                    Check(Name(parameters[i]), invocation.Arguments[i], failures, depth: 0);
                }

                return failures.Count == 0 ? next(invocation) : throw new ValidationException(failures);
            };
        });
        return group;
    }

    /// <summary>The same rule for text that comes another way than an HTTP route's parameters (a journal's message): the
    /// fields that break it, named as in JSON.</summary>
    public static IReadOnlyList<ValidationFailure> FailuresIn(object? value)
    {
        var failures = new List<ValidationFailure>();
        Check("", value, failures, depth: 0);
        return failures;
    }

    /// <summary>Members of body types the rule cannot look into (an object, a dictionary): text could hide there.</summary>
    public static IReadOnlyList<string> UncheckableMembers(Type bodyType) => [.. Uncheckable(bodyType, bodyType.Name, [])];

    /// <summary>The routes that take text (a string parameter or a body) without the rule.</summary>
    public static IEnumerable<string> RoutesWithoutTheRule(IEnumerable<EndpointDataSource> sources, IServiceProvider services)
    {
        foreach (var endpoint in sources.SelectMany(s => s.Endpoints).OfType<RouteEndpoint>())
        {
            var method = endpoint.Metadata.GetMetadata<MethodInfo>();
            if (method is not null && endpoint.Metadata.GetMetadata<Checked>() is null && method.GetParameters().Any(p => IsText(p, services)))
            {
                yield return $"{endpoint.RoutePattern.RawText} ({endpoint.DisplayName}) takes text without the free-text rule";
            }
        }
    }

    /// <summary>The body types of the routes in these sources, for <see cref="UncheckableMembers"/>.</summary>
    public static IEnumerable<Type> BodyTypes(IEnumerable<EndpointDataSource> sources, IServiceProvider services) =>
        sources.SelectMany(s => s.Endpoints).Select(e => e.Metadata.GetMetadata<MethodInfo>()).OfType<MethodInfo>()
            .SelectMany(m => m.GetParameters()).Where(p => IsText(p, services) && IsRecordLike(p.ParameterType)).Select(p => p.ParameterType).Distinct();

    private static bool IsText(ParameterInfo parameter, IServiceProvider services)
    {
        var type = Nullable.GetUnderlyingType(parameter.ParameterType) ?? parameter.ParameterType;
        if (type == typeof(string) || typeof(IEnumerable<string>).IsAssignableFrom(type))
        {
            return true;
        }

        // A JSON body: a type of the platform's own that is no service the container hands in.
        return IsRecordLike(type) && services.GetService<IServiceProviderIsService>()?.IsService(type) != true;
    }

    private static bool IsRecordLike(Type type) =>
        type.IsClass && type.Namespace?.StartsWith("DigiHelsestasjon", StringComparison.Ordinal) == true && !typeof(Delegate).IsAssignableFrom(type);

    private static string Name(ParameterInfo parameter) =>
        parameter.GetCustomAttributes().OfType<Microsoft.AspNetCore.Http.Metadata.IFromHeaderMetadata>().FirstOrDefault()?.Name
        ?? (IsRecordLike(parameter.ParameterType) ? "" : parameter.Name ?? "");

    private static readonly ConcurrentDictionary<Type, PropertyInfo[]> Properties = new();

    private static void Check(string field, object? value, List<ValidationFailure> failures, int depth)
    {
        switch (value)
        {
            case null or byte[]:
                return;
            case string text:
                if (MessageText.ControlCharacterAt(text) is { } bad)
                {
                    failures.Add(new ValidationFailure(field.Length == 0 ? "body" : field,
                        $"Contains a control character (U+{(int)bad:X4}); only letters, punctuation, spaces and line breaks are taken."));
                }

                return;
            case IEnumerable items when depth < 8:
                var index = 0;
                foreach (var item in items)
                {
                    Check($"{field}[{index++}]", item, failures, depth + 1);
                }

                return;
        }

        if (depth < 8 && IsRecordLike(value.GetType()))
        {
            foreach (var property in Properties.GetOrAdd(value.GetType(), t => t.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.GetIndexParameters().Length == 0).ToArray()))
            {
                var name = JsonNamingPolicy.CamelCase.ConvertName(property.Name);
                Check(field.Length == 0 ? name : $"{field}.{name}", property.GetValue(value), failures, depth + 1);
            }
        }
    }

    private static IEnumerable<string> Uncheckable(Type type, string path, HashSet<Type> seen)
    {
        if (!seen.Add(type))
        {
            yield break;
        }

        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.GetIndexParameters().Length == 0))
        {
            var member = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            var element = member == typeof(string) ? member
                : member.IsArray ? member.GetElementType()!
                : member.IsGenericType && typeof(IEnumerable).IsAssignableFrom(member) && member.GetGenericArguments().Length == 1 ? member.GetGenericArguments()[0]
                : member;
            element = Nullable.GetUnderlyingType(element) ?? element;
            if (element == typeof(string) || element.IsPrimitive || element.IsEnum || element == typeof(decimal) || element == typeof(Guid)
                || element == typeof(DateTimeOffset) || element == typeof(DateTime) || element == typeof(DateOnly) || element == typeof(TimeOnly) || element == typeof(TimeSpan)
                || element == typeof(byte[]))
            {
                continue;
            }

            if (IsRecordLike(element))
            {
                foreach (var inner in Uncheckable(element, $"{path}.{property.Name}", seen))
                {
                    yield return inner;
                }

                continue;
            }

            yield return $"{path}.{property.Name} ({member.Name})";
        }
    }
}
