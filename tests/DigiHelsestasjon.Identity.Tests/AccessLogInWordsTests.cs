using System.Net.Http.Json;
using System.Text.Json;
using DigiHelsestasjon.Testing;
using Shouldly;
using Xunit;

namespace DigiHelsestasjon.Identity.Tests;

public abstract class AccessLogInWordsTests(PlatformHost host)
{
    [Fact]
    public async Task Given_a_parent_whose_page_reads_the_child_again_and_again_When_the_log_is_read_collapsed_Then_the_repeats_are_one_entry_with_their_count()
    {
        var guardian = await Citizens.LoginAsync(host, "guardian");
        var me = await guardian.GetFromJsonAsync<JsonElement>("/api/v1/me");
        var child = me.GetProperty("representations").EnumerateArray().First(r => r.GetProperty("age").GetInt32() < 12).GetProperty("subjectId").GetString();
        for (var i = 0; i < 5; i++)
        {
            (await guardian.GetAsync($"/api/v1/subjects/{child}")).EnsureSuccessStatusCode();
        }

        var collapsed = (await guardian.GetFromJsonAsync<JsonElement>($"/api/v1/subjects/{child}/access-log?collapse=true&kind=profile.read")).EnumerateArray().ToList();

        var entry = collapsed.ShouldHaveSingleItem();
        entry.GetProperty("count").GetInt32().ShouldBe(5);
        entry.GetProperty("firstTime").GetDateTimeOffset().ShouldBeLessThan(entry.GetProperty("time").GetDateTimeOffset());
        entry.GetProperty("actorRole").GetString().ShouldBe("parent");
        entry.GetProperty("own").GetBoolean().ShouldBeTrue();
        entry.GetProperty("actorName").GetString().ShouldBe(me.GetProperty("name").GetString());
    }

    [Fact]
    public async Task Given_a_parent_reading_the_childs_log_When_own_reads_are_left_out_Then_only_others_accesses_remain()
    {
        var guardian = await Citizens.LoginAsync(host, "guardian");
        var me = await guardian.GetFromJsonAsync<JsonElement>("/api/v1/me");
        var child = me.GetProperty("representations").EnumerateArray().First(r => r.GetProperty("age").GetInt32() < 12).GetProperty("subjectId").GetString();
        (await guardian.GetAsync($"/api/v1/subjects/{child}/access-log")).EnsureSuccessStatusCode();
        (await guardian.GetAsync($"/api/v1/subjects/{child}/access-log")).EnsureSuccessStatusCode();

        var withoutOwn = await guardian.GetFromJsonAsync<JsonElement>($"/api/v1/subjects/{child}/access-log?excludeOwn=true");

        (await guardian.GetFromJsonAsync<JsonElement>($"/api/v1/subjects/{child}/access-log")).EnumerateArray().ShouldContain(e => e.GetProperty("own").GetBoolean());
        withoutOwn.EnumerateArray().ShouldNotContain(e => e.GetProperty("actorId").GetString() == me.GetProperty("personId").GetString());
    }
}

public sealed class AccessLogInWordsTests_on_Sqlite(SqliteHost host) : AccessLogInWordsTests(host), IClassFixture<SqliteHost>;

public sealed class AccessLogInWordsTests_on_Postgres(PostgresHost host) : AccessLogInWordsTests(host), IClassFixture<PostgresHost>;
