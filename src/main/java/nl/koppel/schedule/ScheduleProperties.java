package nl.koppel.schedule;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The cluster's schedule of connection work ({@code koppel.schedule}).
 *
 * @param parallelism link checks and discoveries this instance runs at the same time
 * @param linkCheck   how often each connected connection is checked, and its lease
 * @param discovery   how often each connected connection's dossiers are discovered, and its lease
 */
@ConfigurationProperties("koppel.schedule")
public record ScheduleProperties(int parallelism, Job linkCheck, Job discovery) {

    /**
     * @param interval time between two runs for one connection
     * @param lease    how long a claimed run stays claimed; then another instance takes it over
     */
    public record Job(Duration interval, Duration lease) {
    }

    public ScheduleProperties {
        parallelism = parallelism <= 0 ? 8 : parallelism;
        linkCheck = complete(linkCheck, Duration.ofMinutes(15), Duration.ofMinutes(2));
        discovery = complete(discovery, Duration.ofMinutes(30), Duration.ofMinutes(10));
    }

    public Job of(ConnectionJob job) {
        return job == ConnectionJob.LINK_CHECK ? linkCheck : discovery;
    }

    private static Job complete(Job job, Duration interval, Duration lease) {
        if (job == null) {
            return new Job(interval, lease);
        }
        return new Job(job.interval() == null ? interval : job.interval(), job.lease() == null ? lease : job.lease());
    }
}
