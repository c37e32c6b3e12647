namespace DigiHelsestasjon.BuildingBlocks.Mediation;

/// <summary>The <c>type</c> URI of a problem detail, from its stable code.</summary>
public static class ProblemTypes
{
    public static string For(string code) => $"https://digihelsestasjon.no/problems/{code}";
}
