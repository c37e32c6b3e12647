using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using DigiHelsestasjon.Identity.Contracts;
using DigiHelsestasjon.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Shouldly;
using Xunit;

namespace DigiHelsestasjon.Identity.Tests;

public abstract class IdentityApiTests(PlatformHost host)
{
    [Fact]
    public async Task Given_a_guardian_When_asking_who_they_are_Then_self_and_the_children_under_16_are_listed_with_the_permissions_of_their_age_band()
    {
        var client = await Citizens.LoginAsync(host, "guardian");

        var me = await client.GetFromJsonAsync<JsonElement>("/api/v1/me");

        var representations = me.GetProperty("representations").EnumerateArray().ToList();
        representations.Select(r => (r.GetProperty("relation").GetString(), r.GetProperty("age").GetInt32())).ShouldBe([("self", 41), ("child", 3), ("child", 14)]);
        Permissions(representations[1]).ShouldContain("messages.send");
        Permissions(representations[2]).ShouldBe(["profile.read", "appointments.read", "appointments.cancel", "healthrecords.read"]);
        me.GetProperty("personId").GetString().ShouldBe(representations[0].GetProperty("subjectId").GetString());
    }

    [Fact]
    public async Task Given_the_same_person_When_they_log_in_twice_Then_the_subject_id_is_stable_and_carries_no_fodselsnummer()
    {
        var first = await (await Citizens.LoginAsync(host, "guardian")).GetFromJsonAsync<JsonElement>("/api/v1/me");
        var second = await (await Citizens.LoginAsync(host, "guardian")).GetFromJsonAsync<JsonElement>("/api/v1/me");

        second.GetProperty("representations")[1].GetProperty("subjectId").GetString().ShouldBe(first.GetProperty("representations")[1].GetProperty("subjectId").GetString());
        Guid.TryParse(first.GetProperty("personId").GetString(), out _).ShouldBeTrue();
    }

    [Theory]
    [InlineData("parent-without-responsibility")]
    [InlineData("stranger")]
    [InlineData("guardian-of-protected")]
    [InlineData("protected-address")]
    public async Task Given_someone_with_no_right_to_represent_When_asking_who_they_are_Then_only_self_is_listed(string tag)
    {
        var me = await (await Citizens.LoginAsync(host, tag)).GetFromJsonAsync<JsonElement>("/api/v1/me");

        me.GetProperty("representations").EnumerateArray().Select(r => r.GetProperty("relation").GetString()).ShouldBe(["self"]);
    }

    [Theory]
    [InlineData("parent-without-responsibility", 1)]
    [InlineData("stranger", 1)]
    [InlineData("guardian", 3)]
    public async Task Given_a_caller_who_may_not_act_for_a_subject_When_they_ask_for_it_Then_the_answer_is_404_and_the_refusal_is_logged(string tag, int childIndex)
    {
        var guardian = await Citizens.LoginAsync(host, "guardian");
        var children = await ChildrenAsync(guardian);
        var youth1617 = await (await Citizens.LoginAsync(host, "youth-16-17")).GetFromJsonAsync<JsonElement>("/api/v1/me");
        var target = childIndex == 3 ? youth1617.GetProperty("personId").GetString() : children[childIndex - 1];
        var caller = await Citizens.LoginAsync(host, tag);

        var response = await caller.GetAsync($"/api/v1/subjects/{target}");

        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString().ShouldBe("not-found");
        if (childIndex == 3)
        {
            var log = await (await Citizens.LoginAsync(host, "youth-16-17")).GetFromJsonAsync<JsonElement>($"/api/v1/subjects/{target}/access-log");
            log.EnumerateArray().ShouldContain(e => e.GetProperty("outcome").GetString() == "refused" && e.GetProperty("action").GetString() == "profile.read");
        }
    }

    [Fact]
    public async Task Given_a_parent_who_looks_at_their_youth_When_the_youth_reads_their_access_log_Then_the_parents_access_is_there()
    {
        var guardian = await Citizens.LoginAsync(host, "guardian");
        var guardianMe = await guardian.GetFromJsonAsync<JsonElement>("/api/v1/me");
        var youthId = (await ChildrenAsync(guardian))[1];

        (await guardian.GetAsync($"/api/v1/subjects/{youthId}")).StatusCode.ShouldBe(HttpStatusCode.OK);

        var youth = await Citizens.LoginAsync(host, "youth-12-15");
        var log = await youth.GetFromJsonAsync<JsonElement>($"/api/v1/subjects/{youthId}/access-log");
        var entry = log.EnumerateArray().First(e => e.GetProperty("action").GetString() == "profile.read");
        entry.GetProperty("actorName").GetString().ShouldBe(guardianMe.GetProperty("name").GetString());
        entry.GetProperty("relation").GetString().ShouldBe("child");
        entry.GetProperty("outcome").GetString().ShouldBe("granted");

        // 12-15: the parent may not read the youth's own access log.
        (await guardian.GetAsync($"/api/v1/subjects/{youthId}/access-log")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Given_a_token_at_substantial_When_calling_a_health_data_endpoint_Then_401_names_the_level_needed()
    {
        var client = await Citizens.LoginAsync(host, "guardian", acr: "idporten-loa-substantial");
        var me = await client.GetFromJsonAsync<JsonElement>("/api/v1/me");

        var response = await client.GetAsync($"/api/v1/subjects/{me.GetProperty("personId").GetString()}");

        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        problem.GetProperty("code").GetString().ShouldBe("insufficient-assurance");
        problem.GetProperty("requiredAcr")[0].GetString().ShouldBe("idporten-loa-high");
        response.Headers.WwwAuthenticate.ToString().ShouldContain("insufficient_user_authentication");
        me.GetProperty("representations").GetArrayLength().ShouldBe(1, "acting for others needs the high level");
    }

    [Fact]
    public async Task Given_an_expired_token_When_used_Then_it_is_refused()
    {
        var client = host.CreateClient();
        var token = await Citizens.TokenAsync(client, await Citizens.PidOfAsync(client, "guardian"), extra: ("expires_in", "60"));
        (await client.WithToken(token).GetAsync("/api/v1/me")).StatusCode.ShouldBe(HttpStatusCode.OK);

        // The clock only moves forward, as a real one: five minutes on is inside every other test's tokens and data.
        host.Time.Advance(TimeSpan.FromMinutes(5));

        (await client.GetAsync("/api/v1/me")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Given_a_token_for_another_audience_When_used_Then_it_is_refused()
    {
        var client = host.CreateClient();
        var token = await Citizens.TokenAsync(client, await Citizens.PidOfAsync(client, "guardian"), extra: ("audience", "another-service"));

        (await client.WithToken(token).GetAsync("/api/v1/me")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Given_a_token_signed_by_an_unknown_key_When_used_Then_it_is_refused()
    {
        var client = host.CreateClient();
        var pid = await Citizens.PidOfAsync(client, "guardian");
        var genuine = new JsonWebToken(await Citizens.TokenAsync(client, pid));
        using var rsa = RSA.Create(2048);
        var forged = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = genuine.Issuer,
            Audience = genuine.Audiences.Single(),
            Expires = host.Time.GetUtcNow().UtcDateTime.AddMinutes(30),
            NotBefore = host.Time.GetUtcNow().UtcDateTime.AddMinutes(-1),
            Claims = new Dictionary<string, object> { ["pid"] = pid, ["acr"] = "idporten-loa-high" },
            SigningCredentials = new SigningCredentials(new RsaSecurityKey(rsa) { KeyId = genuine.Kid }, SecurityAlgorithms.RsaSha256),
        });

        (await client.WithToken(forged).GetAsync("/api/v1/me")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Given_an_unsigned_token_with_alg_none_When_used_Then_it_is_refused()
    {
        var client = host.CreateClient();
        var pid = await Citizens.PidOfAsync(client, "guardian");
        var genuine = new JsonWebToken(await Citizens.TokenAsync(client, pid));
        static string Part(object value) => Base64UrlEncoder.Encode(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(value)));
        var exp = host.Time.GetUtcNow().AddMinutes(30).ToUnixTimeSeconds();
        var unsigned = $"{Part(new { alg = "none", typ = "JWT" })}.{Part(new { iss = genuine.Issuer, aud = genuine.Audiences.Single(), exp, pid, acr = "idporten-loa-high" })}.";

        (await client.WithToken(unsigned).GetAsync("/api/v1/me")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Given_no_token_When_calling_the_citizen_API_Then_401_problem_details()
    {
        var response = await host.CreateClient().GetAsync("/api/v1/me");

        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
    }

    [Fact]
    public async Task Given_a_youth_of_16_When_granting_a_power_of_attorney_with_a_malformed_number_Then_400_names_the_field()
    {
        var youth = await Citizens.LoginAsync(host, "youth-16-17");

        var response = await youth.PostAsJsonAsync("/api/v1/me/powers-of-attorney", new { receiverPid = "12345678901", scopes = new[] { "appointments.read" } });

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        problem.GetProperty("errors").TryGetProperty("receiverPid", out _).ShouldBeTrue();
        problem.GetProperty("code").GetString().ShouldBe("validation");
    }

    [Fact]
    public async Task Given_a_valid_number_of_nobody_When_granting_a_power_of_attorney_Then_the_answer_does_not_say_so_and_nothing_is_listed()
    {
        var youth = await Citizens.LoginAsync(host, "youth-16-17");
        var nobody = DigiHelsestasjon.Simulators.Folkeregisteret.SyntheticFodselsnummer.Create(new DateOnly(1970, 1, 1), new Random(99));
        var before = (await youth.GetFromJsonAsync<JsonElement>("/api/v1/me/powers-of-attorney")).GetArrayLength();

        var response = await youth.PostAsJsonAsync("/api/v1/me/powers-of-attorney", new { receiverPid = nobody, scopes = new[] { "appointments.read" } });

        response.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString().ShouldBe("submitted");
        (await youth.GetFromJsonAsync<JsonElement>("/api/v1/me/powers-of-attorney")).GetArrayLength().ShouldBe(before);
    }

    [Fact]
    public async Task Given_a_youth_who_grants_and_then_revokes_a_power_of_attorney_When_the_holder_acts_Then_access_ends_and_a_second_revoke_is_a_clear_conflict()
    {
        var youth = await Citizens.LoginAsync(host, "youth-16-17");
        var youthId = (await youth.GetFromJsonAsync<JsonElement>("/api/v1/me")).GetProperty("personId").GetString();
        var strangerPid = await Citizens.PidOfAsync(host.CreateClient(), "stranger");
        var granted = await youth.PostAsJsonAsync("/api/v1/me/powers-of-attorney", new { receiverPid = strangerPid, scopes = new[] { "profile.read", "appointments.read" } });
        granted.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        var fullmaktId = (await youth.GetFromJsonAsync<JsonElement>("/api/v1/me/powers-of-attorney")).EnumerateArray().Single(f => f.GetProperty("inForce").GetBoolean()).GetProperty("id").GetString();

        var holder = await Citizens.LoginAsync(host, "stranger");
        var holderMe = await holder.GetFromJsonAsync<JsonElement>("/api/v1/me");
        holderMe.GetProperty("representations").EnumerateArray().ShouldContain(r => r.GetProperty("relation").GetString() == "fullmakt" && r.GetProperty("subjectId").GetString() == youthId);
        (await holder.GetAsync($"/api/v1/subjects/{youthId}")).StatusCode.ShouldBe(HttpStatusCode.OK);

        (await youth.DeleteAsync($"/api/v1/me/powers-of-attorney/{fullmaktId}")).StatusCode.ShouldBe(HttpStatusCode.OK);

        (await holder.GetAsync($"/api/v1/subjects/{youthId}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var again = await holder.DeleteAsync($"/api/v1/me/powers-of-attorney/{fullmaktId}");
        again.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString().ShouldBe("fullmakt-ended");
    }

    [Fact]
    public async Task Given_a_youth_of_14_When_granting_a_power_of_attorney_Then_it_is_refused_as_too_young()
    {
        var youth = await Citizens.LoginAsync(host, "youth-12-15");
        var strangerPid = await Citizens.PidOfAsync(host.CreateClient(), "stranger");

        var response = await youth.PostAsJsonAsync("/api/v1/me/powers-of-attorney", new { receiverPid = strangerPid, scopes = new[] { "appointments.read" } });

        response.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString().ShouldBe("giver-too-young");
    }

    [Fact]
    public async Task Given_subjects_of_each_age_band_When_asking_who_may_receive_notices_Then_only_entitled_people_are_named()
    {
        var guardian = await Citizens.LoginAsync(host, "guardian");
        var guardianId = Guid.Parse((await guardian.GetFromJsonAsync<JsonElement>("/api/v1/me")).GetProperty("personId").GetString()!);
        var children = (await ChildrenAsync(guardian)).Select(Guid.Parse).ToList();
        var olderId = await PersonIdAsync("youth-16-17");
        var protectedId = await PersonIdAsync("protected-address");
        await PersonIdAsync("guardian-of-protected");

        (await RecipientsAsync(children[0])).ShouldBe([new NoticeRecipient(guardianId, "child")], "only the parent with responsibility, not the other parent");
        (await RecipientsAsync(children[1])).ShouldBe([new NoticeRecipient(guardianId, "child")]);
        (await RecipientsAsync(children[1], new ItemProtection(ExemptFromParentalAccess: true, YouthService: false))).ShouldBeEmpty("an exempt item is not told to parents");
        (await RecipientsAsync(olderId)).ShouldBe([new NoticeRecipient(olderId, "self")]);
        (await RecipientsAsync(protectedId)).ShouldBeEmpty("a protected address is never represented");
    }

    // Issue 29: page times pageSize wrapped to a negative offset (PostgreSQL answered 500, SQLite the first page again).
    [Theory]
    [InlineData("page=1073741825&pageSize=2")]
    [InlineData("page=2147483647&pageSize=200")]
    [InlineData("page=10001&pageSize=1")]
    public async Task Given_a_page_number_far_beyond_the_log_When_the_youth_reads_her_access_log_Then_400_names_the_page_and_the_first_page_still_works(string query)
    {
        var youth = await Citizens.LoginAsync(host, "youth-16-17");
        var youthId = await PersonIdAsync("youth-16-17");

        var response = await youth.GetAsync($"/api/v1/subjects/{youthId}/access-log?{query}");

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("page", out _).ShouldBeTrue();
        (await youth.GetAsync($"/api/v1/subjects/{youthId}/access-log?page=10000&pageSize=200")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    // Issue 29: the answer said which scope was not delegable by repeating it; what was sent is never written back.
    [Fact]
    public async Task Given_a_power_of_attorney_with_made_up_values_When_it_is_refused_Then_the_answer_names_the_fields_without_repeating_what_was_sent()
    {
        var youth = await Citizens.LoginAsync(host, "youth-16-17");

        var response = await youth.PostAsJsonAsync("/api/v1/me/powers-of-attorney",
            new { receiverPid = "echo-pid-<b>29</b>", scopes = new[] { "appointments.read", "echo-scope-<script>29</script>" } });

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var body = await response.Content.ReadAsStringAsync();
        body.ShouldNotContain("echo", Case.Insensitive);
        body.ShouldNotContain("29</");
        var errors = JsonDocument.Parse(body).RootElement.GetProperty("errors");
        errors.GetProperty("receiverPid")[0].GetString()!.ShouldContain("11 digits");
        errors.GetProperty("scopes")[0].GetString()!.ShouldContain("appointments.read", customMessage: "it says what may be given");
    }

    private async Task<Guid> PersonIdAsync(string tag) =>
        Guid.Parse((await (await Citizens.LoginAsync(host, tag)).GetFromJsonAsync<JsonElement>("/api/v1/me")).GetProperty("personId").GetString()!);

    private async Task<IReadOnlyList<NoticeRecipient>> RecipientsAsync(Guid subjectId, ItemProtection? item = null)
    {
        await using var scope = host.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<MediatR.IMediator>().Send(new GetNoticeRecipients(subjectId, item));
    }

    private static List<string> Permissions(JsonElement representation) =>
        representation.GetProperty("permissions").EnumerateArray().Select(p => p.GetString()!).ToList();

    private static async Task<List<string>> ChildrenAsync(HttpClient guardian)
    {
        var me = await guardian.GetFromJsonAsync<JsonElement>("/api/v1/me");
        return me.GetProperty("representations").EnumerateArray()
            .Where(r => r.GetProperty("relation").GetString() == "child")
            .Select(r => r.GetProperty("subjectId").GetString()!)
            .ToList();
    }
}

public sealed class IdentityApiTests_on_Sqlite(SqliteHost host) : IdentityApiTests(host), IClassFixture<SqliteHost>;

public sealed class IdentityApiTests_on_Postgres(PostgresHost host) : IdentityApiTests(host), IClassFixture<PostgresHost>;

[NeedsSqlServer]
public sealed class IdentityApiTests_on_SqlServer(SqlServerHost host) : IdentityApiTests(host), IClassFixture<SqlServerHost>;
