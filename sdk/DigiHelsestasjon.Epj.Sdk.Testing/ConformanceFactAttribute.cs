using System.Collections.Generic;
using DigiHelsestasjon.Epj.Sdk.Conformance;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Xunit;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace DigiHelsestasjon.Epj.Sdk.Testing
{
    /// <summary>A fact that reports <see cref="ConformanceSkipped"/> as skipped rather than failed, so a
    /// vendor's skip list shows in the test report.</summary>
    [XunitTestCaseDiscoverer("DigiHelsestasjon.Epj.Sdk.Testing.ConformanceFactDiscoverer", "DigiHelsestasjon.Epj.Sdk.Testing")]
    [System.AttributeUsage(System.AttributeTargets.Method, AllowMultiple = false)]
    public sealed class ConformanceFactAttribute : FactAttribute
    {
    }

    /// <summary>Discovers <see cref="ConformanceFactAttribute"/> tests.</summary>
    public sealed class ConformanceFactDiscoverer : IXunitTestCaseDiscoverer
    {
        private readonly IMessageSink diagnosticMessageSink;

        /// <summary>Created by xunit.</summary>
        public ConformanceFactDiscoverer(IMessageSink diagnosticMessageSink) => this.diagnosticMessageSink = diagnosticMessageSink;

        /// <inheritdoc />
        public IEnumerable<IXunitTestCase> Discover(ITestFrameworkDiscoveryOptions discoveryOptions, ITestMethod testMethod, IAttributeInfo factAttribute)
        {
            yield return new ConformanceTestCase(diagnosticMessageSink, discoveryOptions.MethodDisplayOrDefault(), discoveryOptions.MethodDisplayOptionsOrDefault(), testMethod);
        }
    }

    /// <summary>A test case that turns a <see cref="ConformanceSkipped"/> failure into a skip.</summary>
    public sealed class ConformanceTestCase : XunitTestCase
    {
        /// <summary>For the de-serializer only.</summary>
        [System.Obsolete("Called by the de-serializer", error: true)]
        public ConformanceTestCase()
        {
        }

        /// <summary>Creates the test case.</summary>
        public ConformanceTestCase(IMessageSink diagnosticMessageSink, TestMethodDisplay defaultMethodDisplay, TestMethodDisplayOptions defaultMethodDisplayOptions, ITestMethod testMethod)
            : base(diagnosticMessageSink, defaultMethodDisplay, defaultMethodDisplayOptions, testMethod)
        {
        }

        /// <inheritdoc />
        public override async Task<RunSummary> RunAsync(IMessageSink diagnosticMessageSink, IMessageBus messageBus, object[] constructorArguments, ExceptionAggregator aggregator, CancellationTokenSource cancellationTokenSource)
        {
            var bus = new SkipTranslatingBus(messageBus);
            var summary = await base.RunAsync(diagnosticMessageSink, bus, constructorArguments, aggregator, cancellationTokenSource).ConfigureAwait(false);
            summary.Failed -= bus.Skipped;
            summary.Skipped += bus.Skipped;
            return summary;
        }

        private sealed class SkipTranslatingBus : IMessageBus
        {
            private readonly IMessageBus inner;

            public SkipTranslatingBus(IMessageBus inner) => this.inner = inner;

            public int Skipped { get; private set; }

            public bool QueueMessage(IMessageSinkMessage message)
            {
                if (message is ITestFailed failed && failed.ExceptionTypes.FirstOrDefault() == typeof(ConformanceSkipped).FullName)
                {
                    Skipped++;
                    return inner.QueueMessage(new TestSkipped(failed.Test, failed.Messages.FirstOrDefault() ?? "Skipped."));
                }

                return inner.QueueMessage(message);
            }

            // The inner bus belongs to xunit.
            public void Dispose()
            {
            }
        }
    }
}
