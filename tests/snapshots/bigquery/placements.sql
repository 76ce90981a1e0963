SELECT
  `t5`.`pos`,
  `t5`.`actor`
FROM (
  SELECT
    *
  FROM `event_actors` AS `t0`
  WHERE
    `t0`.`event_type` IN ('statement', 'military')
    AND `t0`.`end` > DATETIME('1914-06-01T00:00:00')
    AND `t0`.`start` < DATETIME('2020-11-11T00:00:00')
    AND `t0`.`pos` IN (
      SELECT
        `t3`.`pos`
      FROM (
        SELECT
          *
        FROM `events` AS `t1`
        WHERE
          `t1`.`event_type` IN ('statement', 'military')
          AND `t1`.`end` > DATETIME('1914-06-01T00:00:00')
          AND `t1`.`start` < DATETIME('2020-11-11T00:00:00')
          AND `t1`.`pos` IN (
            SELECT DISTINCT
              `t0`.`pos`
            FROM `event_actors` AS `t0`
            WHERE
              `t0`.`actor` IN ('Ali Akbar Velayati', 'Armenia', 'Iran')
              AND `t0`.`event_type` IN ('statement', 'military')
              AND `t0`.`end` > DATETIME('1914-06-01T00:00:00')
              AND `t0`.`start` < DATETIME('2020-11-11T00:00:00')
          )
          AND (
            (
              INSTR(LOWER(`t1`.`title`), 'ceasefire') > 0
            )
            OR (
              INSTR(LOWER(`t1`.`description`), 'ceasefire') > 0
            )
          )
      ) AS `t3`
    )
) AS `t5`
WHERE
  NOT (
    `t5`.`era`
  ) AND `t5`.`actor` IN ('Iran', 'Armenia')
