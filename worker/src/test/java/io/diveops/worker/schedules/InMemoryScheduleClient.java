package io.diveops.worker.schedules;

import io.temporal.api.enums.v1.ScheduleOverlapPolicy;
import io.temporal.client.schedules.Schedule;
import io.temporal.client.schedules.ScheduleBackfill;
import io.temporal.client.schedules.ScheduleClient;
import io.temporal.client.schedules.ScheduleDescription;
import io.temporal.client.schedules.ScheduleException;
import io.temporal.client.schedules.ScheduleHandle;
import io.temporal.client.schedules.ScheduleListDescription;
import io.temporal.client.schedules.ScheduleOptions;
import io.temporal.client.schedules.ScheduleState;
import io.temporal.client.schedules.ScheduleUpdate;
import io.temporal.client.schedules.ScheduleUpdateInput;
import io.temporal.common.SearchAttributes;
import io.temporal.common.converter.DefaultDataConverter;
import io.temporal.workflow.Functions;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The schedules a server would keep, in memory: created, described, updated, paused, listed and
 * deleted as {@link BackupSchedules} does it. What a server computes (next runs, recent actions) is
 * left to {@code ScheduleIT} on the dev server.
 */
final class InMemoryScheduleClient implements ScheduleClient {
  final Map<String, Schedule> schedules = new TreeMap<>();

  @Override
  public ScheduleHandle createSchedule(String id, Schedule schedule, ScheduleOptions options) {
    if (schedules.putIfAbsent(id, schedule) != null) {
      throw new IllegalStateException("schedule " + id + " exists");
    }
    return getHandle(id);
  }

  @Override
  public ScheduleHandle getHandle(String id) {
    return new Handle(id);
  }

  @Override
  public Stream<ScheduleListDescription> listSchedules() {
    return List.copyOf(schedules.keySet()).stream()
        .map(
            id ->
                new ScheduleListDescription(
                    id, null, null, Map.of(), DefaultDataConverter.STANDARD_INSTANCE, Map.of()));
  }

  @Override
  public Stream<ScheduleListDescription> listSchedules(Integer pageSize) {
    return listSchedules();
  }

  @Override
  public Stream<ScheduleListDescription> listSchedules(String query, Integer pageSize) {
    throw new UnsupportedOperationException("queries");
  }

  private final class Handle implements ScheduleHandle {
    private final String id;

    Handle(String id) {
      this.id = id;
    }

    @Override
    public String getId() {
      return id;
    }

    @Override
    public ScheduleDescription describe() {
      Schedule schedule = schedules.get(id);
      if (schedule == null) {
        throw new ScheduleException(new IllegalStateException("schedule " + id + " not found"));
      }
      return new ScheduleDescription(
          id,
          null,
          schedule,
          Map.of(),
          SearchAttributes.EMPTY,
          Map.of(),
          DefaultDataConverter.STANDARD_INSTANCE);
    }

    @Override
    public void update(Functions.Func1<ScheduleUpdateInput, ScheduleUpdate> updater) {
      schedules.put(id, updater.apply(new ScheduleUpdateInput(describe())).getSchedule());
    }

    @Override
    public void pause(String note) {
      Schedule schedule = describe().getSchedule();
      schedules.put(
          id,
          Schedule.newBuilder(schedule)
              .setState(ScheduleState.newBuilder().setPaused(true).setNote(note).build())
              .build());
    }

    @Override
    public void delete() {
      describe();
      schedules.remove(id);
    }

    @Override
    public void pause() {
      pause("");
    }

    @Override
    public void backfill(List<ScheduleBackfill> backfills) {
      throw new UnsupportedOperationException("backfill");
    }

    @Override
    public void trigger(ScheduleOverlapPolicy overlapPolicy) {
      throw new UnsupportedOperationException("trigger");
    }

    @Override
    public void trigger() {
      throw new UnsupportedOperationException("trigger");
    }

    @Override
    public void unpause(String note) {
      throw new UnsupportedOperationException("unpause");
    }

    @Override
    public void unpause() {
      throw new UnsupportedOperationException("unpause");
    }
  }
}
