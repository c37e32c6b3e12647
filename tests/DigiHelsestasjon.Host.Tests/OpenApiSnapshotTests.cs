using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using DigiHelsestasjon.Testing;
using Shouldly;
using Xunit;

namespace DigiHelsestasjon.Host.Tests;

/// <summary>The web client is generated from the API document committed at host/DigiHelsestasjon.Web/openapi/platform.json
/// (its build runs openapi-ts over that file, then tsc), so the committed file must be the one the host serves: an API
/// change then shows up in review as a diff of that file, and breaks the client's build where the pages no longer fit.
/// A deliberate change: run <c>./build.sh refresh-openapi</c> (this test with <c>UPDATE_OPENAPI=1</c>), review the
/// diff, and build the web client.</summary>
public sealed class OpenApiSnapshotTests(SqliteHost host) : IClassFixture<SqliteHost>
{
    private static readonly JsonSerializerOptions Indented = new()
    {
        WriteIndented = true,
        // Kept readable in a diff: Norwegian letters and punctuation as they are, not as \u escapes.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    [Fact]
    public async Task Given_the_running_host_When_its_API_document_is_read_Then_it_equals_the_one_the_web_client_is_built_from()
    {
        var served = Normalized(await host.CreateClient().GetStringAsync("/swagger/v1/swagger.json"));
        var path = Path.Combine(RepositoryRoot(), "host", "DigiHelsestasjon.Web", "openapi", "platform.json");
        if (Environment.GetEnvironmentVariable("UPDATE_OPENAPI") == "1")
        {
            System.IO.Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            await File.WriteAllTextAsync(path, served);
        }

        File.Exists(path).ShouldBeTrue($"No API document at {path}; run ./build.sh refresh-openapi once.");
        var committed = Normalized(await File.ReadAllTextAsync(path));
        committed.ShouldBe(served, "The host's API document differs from the one the web client is built from. Run ./build.sh refresh-openapi, review the diff of host/DigiHelsestasjon.Web/openapi/platform.json, and build the web client.");
    }

    /// <summary>One spelling of a document (indented, line feeds, a final newline), so only a real change is a difference.</summary>
    private static string Normalized(string json) =>
        JsonNode.Parse(json)!.ToJsonString(Indented).ReplaceLineEndings("\n") + "\n";

    private static string RepositoryRoot()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "Platform.sln")))
        {
            folder = folder.Parent;
        }

        return folder?.FullName ?? throw new InvalidOperationException("Platform.sln not found above the test's folder.");
    }
}
