using System.Text.Json;
using System.Text.Json.Serialization;

namespace DigiHelsestasjon.Epj.Sdk.Http
{
    /// <summary>The JSON both sides write: camelCase, enums as camelCase strings, unknown members ignored.</summary>
    public static class EpjJson
    {
        /// <summary>The serializer options of the contract.</summary>
        public static JsonSerializerOptions Options { get; } = Create();

        private static JsonSerializerOptions Create()
        {
            var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
            {
                DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
                TypeInfoResolver = new System.Text.Json.Serialization.Metadata.DefaultJsonTypeInfoResolver(),
            };
            options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
            options.MakeReadOnly();
            return options;
        }
    }
}
