package io.recsync.job;

import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.step.StepExecution;

/** The ids recsync keys its rows by: the plan is the job instance, the run is the execution. */
final class JobIds {

    private JobIds() {}

    static long planId(JobExecution e) {
        return e.getJobInstance().getInstanceId();
    }

    static long planId(StepExecution s) {
        return planId(s.getJobExecution());
    }

    static long executionId(StepExecution s) {
        return s.getJobExecution().getId();
    }
}
