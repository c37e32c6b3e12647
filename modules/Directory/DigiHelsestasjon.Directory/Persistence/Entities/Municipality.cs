using System.Text.Json;
using DigiHelsestasjon.Directory.Contracts;

namespace DigiHelsestasjon.Directory.Persistence.Entities;

internal sealed class Municipality
{
    public string Kommunenummer { get; set; } = "";

    public string Name { get; set; } = "";

    /// <summary>The policies as JSON: they change shape more often than they are queried.</summary>
    public string Policies { get; set; } = "";

    public DateTime UpdatedAt { get; set; }

    public MunicipalityPolicies ReadPolicies() => JsonSerializer.Deserialize<MunicipalityPolicies>(Policies, JsonSerializerOptions.Web) ?? MunicipalityPolicies.Default;

    public void WritePolicies(MunicipalityPolicies policies) => Policies = JsonSerializer.Serialize(policies, JsonSerializerOptions.Web);
}
