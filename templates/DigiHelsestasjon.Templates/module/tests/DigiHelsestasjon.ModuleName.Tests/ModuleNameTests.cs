using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DigiHelsestasjon.Testing;
using Shouldly;
using Xunit;

namespace DigiHelsestasjon.ModuleName.Tests;

public sealed class ModuleNameOnSqlite(SqliteHost host) : ModuleNameTests<SqliteHost>(host);

public sealed class ModuleNameOnPostgres(PostgresHost host) : ModuleNameTests<PostgresHost>(host);

/// <summary>Runs where DIGIHELSESTASJON_TEST_SQLSERVER names a server; reported as skipped otherwise.</summary>
[NeedsSqlServer]
public sealed class ModuleNameOnSqlServer(SqlServerHost host) : ModuleNameTests<SqlServerHost>(host);

/// <summary>The whole host over HTTP, migrated from empty on each database: what an administrator would notice.</summary>
public abstract class ModuleNameTests<THost>(THost host) : IClassFixture<THost>
    where THost : PlatformHost
{
    [Fact]
    public async Task Given_a_municipality_admin_When_a_note_is_added_Then_it_is_listed_for_that_municipality_and_hidden_from_another()
    {
        var admin = await Citizens.StaffAsync(host, "admin", DemoUnits.Id("9901", 1));

        var added = await admin.PostAsJsonAsync("/api/v1/admin/municipalities/9901/modulename/notes", new { text = "Husk foreldremøtet." });

        added.StatusCode.ShouldBe(HttpStatusCode.Created);
        var notes = await admin.GetFromJsonAsync<JsonElement>("/api/v1/admin/municipalities/9901/modulename/notes");
        notes.EnumerateArray().ShouldContain(n => n.GetProperty("text").GetString() == "Husk foreldremøtet.");
        var other = await Citizens.StaffAsync(host, "admin", DemoUnits.Id("9902", 1));
        (await other.GetAsync("/api/v1/admin/municipalities/9901/modulename/notes")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Given_an_empty_note_When_it_is_added_Then_the_problem_names_the_text()
    {
        var admin = await Citizens.StaffAsync(host, "admin", DemoUnits.Id("9901", 1));

        var refused = await admin.PostAsJsonAsync("/api/v1/admin/municipalities/9901/modulename/notes", new { text = " " });

        refused.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").EnumerateObject().Select(e => e.Name).ShouldBe(["text"]);
    }
}
