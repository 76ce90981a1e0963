SELECT
  `t8`.`actor`,
  TIMESTAMP_TRUNC(`t8`.`start`, WEEK(MONDAY)) AS `bucket`,
  COUNT(*) AS `n`
FROM (
  SELECT
    *
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
          `t5`.`pos`
        FROM (
          SELECT
            *
          FROM `events` AS `t1`
          WHERE
            `t1`.`event_type` IN ('statement', 'military')
            AND `t1`.`end` > DATETIME('1914-06-01T00:00:00')
            AND `t1`.`start` < DATETIME('2020-11-11T00:00:00')
            AND `t1`.`pos` IN (
              SELECT
                *
              FROM (
                SELECT
                  `t2`.`pos`
                FROM (
                  SELECT
                    `t0`.`pos`
                  FROM `event_actors` AS `t0`
                  WHERE
                    `t0`.`actor` IN ('Ali Akbar Velayati', 'Armenia', 'Iran')
                    AND `t0`.`event_type` IN ('statement', 'military')
                    AND `t0`.`end` > DATETIME('1914-06-01T00:00:00')
                    AND `t0`.`start` < DATETIME('2020-11-11T00:00:00')
                ) AS `t2`
                GROUP BY
                  1
              ) AS `t3`
            )
            AND (
              (
                INSTR(LOWER(`t1`.`title`), 'ceasefire') > 0
              )
              OR (
                INSTR(LOWER(`t1`.`description`), 'ceasefire') > 0
              )
            )
        ) AS `t5`
      )
  ) AS `t7`
  WHERE
    NOT (
      `t7`.`era`
    ) AND `t7`.`actor` IN ('Iran', 'Armenia')
) AS `t8`
GROUP BY
  1,
  2
