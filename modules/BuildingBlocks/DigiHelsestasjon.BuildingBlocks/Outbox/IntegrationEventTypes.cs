using System.Collections.Concurrent;
using System.Text.Json;

namespace DigiHelsestasjon.BuildingBlocks.Outbox;

/// <summary>How an event's type is written to and read from the outbox.</summary>
public static class IntegrationEventTypes
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private static readonly ConcurrentDictionary<string, Type?> Cache = new();

    /// <summary>Type and assembly name without version, so a new build still reads old rows.</summary>
    public static string NameOf(Type type) => $"{type.FullName}, {type.Assembly.GetName().Name}";

    public static Type? Resolve(string name) => Cache.GetOrAdd(name, n => Type.GetType(n, throwOnError: false));
}
