using System.Security.Cryptography;
using System.Text;
using FlowAdmin.Web.Features.Webhooks;

namespace FlowAdmin.Tests.Webhooks;

public sealed class RetryScheduleTests
{
    [Fact]
    public void The_default_schedule_is_the_documented_one()
    {
        var delays = new WebhookOptions().ParseRetrySchedule();
        Assert.Equal(
            [TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(30), TimeSpan.FromHours(2), TimeSpan.FromHours(5), TimeSpan.FromHours(10), TimeSpan.FromHours(10)],
            delays);
    }

    [Fact]
    public void Each_retry_waits_its_delay_within_the_jitter_and_the_schedule_ends_in_failure()
    {
        var schedule = RetrySchedule.From(new WebhookOptions());
        var random = new Random(7);
        for (var attempt = 1; attempt <= 7; attempt++)
        {
            var expected = schedule.Delays[attempt - 1];
            for (var i = 0; i < 50; i++)
            {
                var delay = schedule.NextDelay(attempt, null, random)!.Value;
                Assert.InRange(delay, expected * 0.8, expected * 1.2);
            }
        }
        Assert.Null(schedule.NextDelay(8, null, random)); // 1 send + 7 retries, then Failed (recoverable)
    }

    [Fact]
    public void Retry_after_is_honoured_when_longer_and_bounded()
    {
        var schedule = new RetrySchedule([TimeSpan.FromSeconds(5)], jitter: 0, maxRetryAfter: TimeSpan.FromHours(10));
        Assert.Equal(TimeSpan.FromMinutes(2), schedule.NextDelay(1, TimeSpan.FromMinutes(2), Random.Shared));
        Assert.Equal(TimeSpan.FromSeconds(5), schedule.NextDelay(1, TimeSpan.FromSeconds(1), Random.Shared)); // never sooner than the schedule
        Assert.Equal(TimeSpan.FromHours(10), schedule.NextDelay(1, TimeSpan.FromDays(3), Random.Shared));
    }

    [Fact]
    public void A_signature_is_v1_base64_hmac_of_id_timestamp_body_one_per_secret()
    {
        var key = RandomNumberGenerator.GetBytes(32);
        var secret = "whsec_" + Convert.ToBase64String(key);
        var other = WebhookSecrets.NewSecret();
        var body = Encoding.UTF8.GetBytes("{\"event\":\"NewTicket\",\"name\":\"Jo\u00e3o\"}");
        var header = WebhookSignature.Sign([secret, other], "msg_1", 1700000000, body);
        var expected = "v1," + Convert.ToBase64String(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes("msg_1.1700000000.").Concat(body).ToArray()));
        var parts = header.Split(' ');
        Assert.Equal(2, parts.Length);
        Assert.Equal(expected, parts[0]);
        Assert.StartsWith("v1,", parts[1]);
        Assert.NotEqual(parts[0], parts[1]);
    }
}
