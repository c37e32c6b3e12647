using System.Diagnostics;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using DigiHelsestasjon.Testing;
using Shouldly;
using Xunit;

namespace DigiHelsestasjon.Host.Tests;

/// <summary>The API document tells the truth about failures: every operation lists the problems it answers, and the
/// document passes the OpenAPI linter (Redocly CLI, installed by the build into tests/openapi-lint, with the
/// ruleset there).</summary>
public sealed class OpenApiDocumentTests(SqliteHost host) : IClassFixture<SqliteHost>
{
    private static readonly string[] Methods = ["get", "put", "post", "delete", "patch"];

    [Fact]
    public async Task Given_the_API_document_When_linted_Then_no_rule_of_the_ruleset_is_broken()
    {
        var document = await host.CreateClient().GetStringAsync("/swagger/v1/swagger.json");

        var (passed, report) = await OpenApiLint.RunAsync(document);

        passed.ShouldBeTrue(report);
    }

    [Fact]
    public async Task Given_a_document_that_breaks_the_ruleset_When_linted_Then_the_lint_fails_naming_the_rule()
    {
        // The lint must be able to fail: an operation without any 4xx answer, as 68 of 72 were.
        var document = JsonNode(await host.CreateClient().GetStringAsync("/swagger/v1/swagger.json"));
        var operation = document["paths"]!.AsObject().Select(p => p.Value!["get"]).First(o => o is not null)!;
        var responses = operation["responses"]!.AsObject();
        foreach (var status in responses.Select(r => r.Key).Where(k => k.StartsWith('4')).ToList())
        {
            responses.Remove(status);
        }

        var (passed, report) = await OpenApiLint.RunAsync(document.ToJsonString());

        passed.ShouldBeFalse(report);
        report.ShouldContain("operation-4xx-response");
    }

    [Fact]
    public async Task Given_the_API_document_When_read_Then_every_operation_documents_a_4xx_as_problem_details()
    {
        var document = await host.CreateClient().GetFromJsonAsync<JsonElement>("/swagger/v1/swagger.json");

        var without = Operations(document)
            .Where(o => !o.Responses.EnumerateObject().Any(r => r.Name.StartsWith('4')))
            .Select(o => o.Name)
            .ToList();
        var notProblems = Operations(document)
            .SelectMany(o => o.Responses.EnumerateObject().Where(r => r.Name.StartsWith('4'))
                .Where(r => !r.Value.TryGetProperty("content", out var content) || !content.TryGetProperty("application/problem+json", out _))
                .Select(r => $"{o.Name} {r.Name}"))
            .ToList();

        without.ShouldBeEmpty("operations that document no 4xx");
        notProblems.ShouldBeEmpty("4xx answers not documented as application/problem+json");
    }

    [Fact]
    public async Task Given_the_simulators_When_the_documents_are_read_Then_they_are_in_their_own_and_not_in_the_platforms()
    {
        var client = host.CreateClient();

        var platform = await client.GetFromJsonAsync<JsonElement>("/swagger/v1/swagger.json");
        var simulators = await client.GetFromJsonAsync<JsonElement>("/swagger/simulators/swagger.json");

        platform.GetProperty("paths").EnumerateObject().Select(p => p.Name).Where(p => p.StartsWith("/simulators/", StringComparison.Ordinal)).ShouldBeEmpty();
        simulators.GetProperty("paths").EnumerateObject().Select(p => p.Name).ShouldAllBe(p => p.StartsWith("/simulators/"));
        simulators.GetProperty("paths").TryGetProperty("/simulators/idporten/token", out _).ShouldBeTrue();
    }

    [Theory]
    [InlineData("post", "/api/v1/subjects/{subjectId}/appointments/{appointmentId}/cancellation", "400 401 403 404 409 415 422 429")]
    [InlineData("post", "/api/v1/subjects/{subjectId}/bookings", "400 401 403 404 409 415 422 429")]
    [InlineData("post", "/api/v1/subjects/{subjectId}/threads/{threadId}/attachments", "400 401 403 404 413 415 422 429")]
    [InlineData("get", "/api/v1/municipalities", "429")]
    public async Task Given_the_API_document_When_an_operation_is_read_Then_it_lists_the_problems_its_endpoint_answers(string method, string path, string statuses)
    {
        var document = await host.CreateClient().GetFromJsonAsync<JsonElement>("/swagger/v1/swagger.json");

        var responses = document.GetProperty("paths").GetProperty(path).GetProperty(method).GetProperty("responses");

        responses.EnumerateObject().Select(r => r.Name).Where(s => s.StartsWith('4')).Order().ShouldBe(statuses.Split(' '));
    }

    private static IEnumerable<(string Name, JsonElement Responses)> Operations(JsonElement document) =>
        from path in document.GetProperty("paths").EnumerateObject()
        from operation in path.Value.EnumerateObject()
        where Methods.Contains(operation.Name)
        select ($"{operation.Name.ToUpperInvariant()} {path.Name}", operation.Value.GetProperty("responses"));

    private static System.Text.Json.Nodes.JsonNode JsonNode(string json) => System.Text.Json.Nodes.JsonNode.Parse(json)!;
}

/// <summary>Runs Redocly CLI's lint over a document with the repository's ruleset (tests/openapi-lint/redocly.yaml).</summary>
internal static class OpenApiLint
{
    public static async Task<(bool Passed, string Report)> RunAsync(string document)
    {
        var folder = Path.Combine(RepositoryRoot(), "tests", "openapi-lint");
        var cli = Path.Combine(folder, "node_modules", "@redocly", "cli", "bin", "cli.js");
        File.Exists(cli).ShouldBeTrue(
            $"Redocly CLI is not installed in {folder}: building the host tests installs it (not with -p:SkipWebClient=true), or run npm install there (Node.js 20.19 or later).");

        var file = Path.Combine(Path.GetTempPath(), $"digihelsestasjon-openapi-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(file, document);
        try
        {
            var start = new ProcessStartInfo("node") { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var argument in new[] { cli, "lint", file, "--config", Path.Combine(folder, "redocly.yaml"), "--format", "stylish", "--max-problems", "1000" })
            {
                start.ArgumentList.Add(argument);
            }

            // Offline and quiet: no usage reports, no look-up of a newer version.
            start.Environment["REDOCLY_TELEMETRY"] = "off";
            start.Environment["REDOCLY_SUPPRESS_UPDATE_NOTICE"] = "true";
            start.Environment["NO_COLOR"] = "1";
            using var process = Process.Start(start)!;
            var output = new StringBuilder();
            var reading = Task.WhenAll(
                Task.Run(async () => output.Append(await process.StandardOutput.ReadToEndAsync())),
                Task.Run(async () => output.Append(await process.StandardError.ReadToEndAsync())));
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));
            await reading;
            return (process.ExitCode == 0, $"redocly lint (exit {process.ExitCode}):\n{output}");
        }
        finally
        {
            File.Delete(file);
        }
    }

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
