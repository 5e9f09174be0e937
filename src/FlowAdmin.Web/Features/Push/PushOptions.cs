namespace FlowAdmin.Web.Features.Push;

/// <summary>The "FlowAdmin:Push" section.</summary>
public sealed class PushOptions
{
    public const string Section = "FlowAdmin:Push";

    /// <summary>Sustained pushes per second per token (token bucket).</summary>
    public int PermitsPerSecond { get; set; } = 2000;

    /// <summary>Burst a token may send at once.</summary>
    public int Burst { get; set; } = 4000;

    /// <summary>Largest request body accepted; bigger answers 413.</summary>
    public long MaxBodyBytes { get; set; } = 256 * 1024;

    /// <summary>Run the queue worker in this process (off: pushes stay queued, e.g. for a restart test).</summary>
    public bool WorkerEnabled { get; set; } = true;

    /// <summary>Most requests committed in one group-commit transaction (PushCommitter).</summary>
    public int GroupCommitMax { get; set; } = 512;

    /// <summary>Queued pushes read per round.</summary>
    public int BatchSize { get; set; } = 256;

    /// <summary>Queued pushes the worker reads and routes together (in transactions of <see cref="TransactionBudgetMs"/>).</summary>
    public int RouteBatchSize { get; set; } = 64;

    /// <summary>
    /// How long one of the worker's routing transactions runs, while the push intake is committing, before
    /// it commits and the next begins. On SQLite (one writer at a time) the intake's commits wait for it:
    /// the latency figure depends on it.
    /// </summary>
    public int TransactionBudgetMs { get; set; } = 3;

    /// <summary>The same while the intake has been quiet for a moment: fewer, longer transactions drain faster.</summary>
    public int IdleTransactionBudgetMs { get; set; } = 50;

    /// <summary>Routed pushes sent and recorded in one transaction by the worker (small for the same reason).</summary>
    public int SendBatchSize { get; set; } = 32;

    /// <summary>
    /// <see cref="BatchSize"/>, <see cref="RouteBatchSize"/> and <see cref="SendBatchSize"/> while the
    /// intake has been quiet for a moment (as <see cref="IdleTransactionBudgetMs"/>): a queue drained with
    /// no pushes arriving needs fewer reads and commits per push, and no commit of the intake waits then.
    /// </summary>
    public int IdleBatchSize { get; set; } = 1024;

    public int IdleRouteBatchSize { get; set; } = 256;

    public int IdleSendBatchSize { get; set; } = 128;

    /// <summary>Contacts processed in parallel (each contact's pushes stay in order).</summary>
    public int Parallelism { get; set; } = 8;

    /// <summary>The built-in Sandbox transport's behaviour.</summary>
    public SandboxOptions Sandbox { get; set; } = new();
}

public sealed class SandboxOptions
{
    /// <summary>Delay between the Sandbox's acks 1 → 2 → 3.</summary>
    public int AckDelayMs { get; set; } = 1000;

    /// <summary>Share of messages (0..1) the Sandbox fails with ack -1.</summary>
    public double FailureRate { get; set; }
}
