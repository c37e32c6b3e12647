using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using DigiHelsestasjon.Simulators.Folkeregisteret;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace DigiHelsestasjon.Simulators.Krr;

/// <summary>A person's contact details as the national contact register (Kontakt- og reservasjonsregisteret) gives them.</summary>
/// <param name="Reserved">The person has reserved themselves against digital notices from the public sector.</param>
public sealed record KrrContact(string Pid, string? Phone, string? Email, bool Reserved);

/// <summary>The KRR simulator: every person in the simulated population register has a synthetic mobile number and
/// e-mail address (derived from the number, so they are stable across restarts); tests and demos change them through
/// the control API. Synthetic data only.</summary>
public sealed class ContactRegister(PopulationRegister register)
{
    private readonly ConcurrentDictionary<string, KrrContact> overrides = new();

    /// <summary>The person's contact details, or null for a number the register does not know.</summary>
    public KrrContact? Find(string pid)
    {
        if (overrides.TryGetValue(pid, out var changed))
        {
            return changed;
        }

        var person = register.Find(pid);
        if (person is null)
        {
            return null;
        }

        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(pid));
        var number = 40_000_000 + (int)(BitConverter.ToUInt32(hash, 0) % 10_000_000);
        var first = new string(person.Name.Split(' ')[0].ToLowerInvariant().Where(char.IsAsciiLetter).ToArray());
        return new KrrContact(pid, string.Create(CultureInfo.InvariantCulture, $"+47{number}"), $"{(first.Length == 0 ? "person" : first)}.{Convert.ToHexStringLower(hash)[..6]}@eksempel.no", false);
    }

    /// <summary>Replaces what the register says about a person (null phone or e-mail: none registered).</summary>
    public KrrContact Set(KrrContact contact)
    {
        ArgumentNullException.ThrowIfNull(contact);
        overrides[contact.Pid] = contact;
        return contact;
    }

    /// <summary>Back to the synthetic details.</summary>
    public void Reset(string pid) => overrides.TryRemove(pid, out _);
}

/// <summary>The simulator's HTTP surface (docs/simulators.md). The fødselsnummer travels in bodies, as in KRR's own API.</summary>
public static class KrrEndpoints
{
    public sealed record LookupRequest(IReadOnlyList<string>? Pids);

    public sealed record ContactRequest(string? Pid, string? Phone, string? Email, bool Reserved = false, bool Reset = false);

    public static IEndpointRouteBuilder MapKrrSimulator(this IEndpointRouteBuilder endpoints, ContactRegister contacts)
    {
        ArgumentNullException.ThrowIfNull(contacts);
        var group = endpoints.MapGroup("/simulators/krr").WithTags("Simulator: KRR");
        group.MapPost("/persons", (LookupRequest body) =>
            Results.Ok((body.Pids ?? []).Select(contacts.Find).Where(c => c is not null)));
        group.MapPut("/contacts", (ContactRequest body) =>
        {
            if (string.IsNullOrWhiteSpace(body.Pid))
            {
                return Results.ValidationProblem(new Dictionary<string, string[]> { ["pid"] = ["Required."] });
            }

            if (body.Reset)
            {
                contacts.Reset(body.Pid);
                return Results.Ok(contacts.Find(body.Pid));
            }

            return Results.Ok(contacts.Set(new KrrContact(body.Pid, body.Phone, body.Email, body.Reserved)));
        });
        return endpoints;
    }
}
